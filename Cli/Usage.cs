namespace Word2VecNative.Cli;

/// <summary>The C tool's usage text, with this tool's additions at the end.</summary>
internal static class Usage
{
    public const string Train = """
WORD VECTOR estimation toolkit v 0.1c

Options:
Parameters for training:
	-train <file>
		Use text data from <file> to train the model
	-output <file>
		Use <file> to save the resulting word vectors / word clusters
	-size <int>
		Set size of word vectors; default is 100
	-window <int>
		Set max skip length between words; default is 5
	-sample <float>
		Set threshold for occurrence of words. Those that appear with higher frequency in the training data
		will be randomly down-sampled; default is 1e-3, useful range is (0, 1e-5)
	-hs <int>
		Use Hierarchical Softmax; default is 0 (not used)
	-negative <int>
		Number of negative examples; default is 5, common values are 3 - 10 (0 = not used)
	-threads <int>
		Use <int> threads (default 12)
	-iter <int>
		Run more training iterations (default 5)
	-min-count <int>
		This will discard words that appear less than <int> times; default is 5
	-alpha <float>
		Set the starting learning rate; default is 0.025 for skip-gram and 0.05 for CBOW
	-classes <int>
		Output word classes rather than word vectors; default number of classes is 0 (vectors are written)
	-debug <int>
		Set the debug mode (default = 2 = more info during training)
	-binary <int>
		Save the resulting vectors in binary moded; default is 0 (off)
	-save-vocab <file>
		The vocabulary will be saved to <file>
	-read-vocab <file>
		The vocabulary will be read from <file>, not constructed from the training data
	-cbow <int>
		Use the continuous bag of words model; default is 1 (use 0 for skip-gram model)

Examples:
./word2vec -train data.txt -output vec.txt -size 200 -window 5 -sample 1e-4 -negative 5 -hs 0 -binary 0 -cbow 1 -iter 3


""";

    public const string Additions = """
Word2VecNative additions:
	-exact <int>
		Scalar arithmetic in the C tool's order; with -threads 1 the output is byte-identical to the C tool's; default is 0
	-backend <cpu|opencl|cuda>
		Train on the CPU (default) or on a device through OpenCL or CUDA; -threads and -exact apply to cpu only
	-device <int>
		Device index for -backend opencl or cuda, as 'word2vec devices' lists them; default is 0
Other commands:
	word2vec distance <FILE>                      nearest words (reads queries from standard input)
	word2vec word-analogy <FILE>                  analogies (reads queries from standard input)
	word2vec compute-accuracy <FILE> [threshold]  analogy accuracy (questions on standard input)
	word2vec word2phrase -train <file> -output <file> [-min-count N] [-threshold X] [-debug N]
	word2vec demo                                 train on a small built-in corpus and show neighbours
	word2vec devices                              list the OpenCL and CUDA devices (or why there are none)

""";
}
