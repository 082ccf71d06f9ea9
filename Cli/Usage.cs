using System.Reflection;

namespace Word2VecNative.Cli;

/// <summary>The usage texts: the C tool's, made from the flag table (its flags in its order and words), then this
/// tool's additions and the companion commands.</summary>
internal static class Usage
{
    private const string Header = """
WORD VECTOR estimation toolkit v 0.1c

Options:
Parameters for training:

""";

    private const string Examples = """

Examples:
./word2vec -train data.txt -output vec.txt -size 200 -window 5 -sample 1e-4 -negative 5 -hs 0 -binary 0 -cbow 1 -iter 3


""";

    private const string Commands = """
Other commands:
	word2vec distance <FILE>                      nearest words (reads queries from standard input)
	word2vec word-analogy <FILE>                  analogies (reads queries from standard input)
	word2vec compute-accuracy <FILE> [threshold]  analogy accuracy (questions on standard input)
	word2vec word2phrase -train <file> -output <file> [-min-count N] [-threshold X] [-debug N]
	word2vec plot [-output F.svg] [-pairs 1] [-title T] <FILE> <word>...  SVG of the words' 2-D PCA projection
	word2vec export-tsv -output PREFIX [-limit N] <FILE>  TSV files for the TensorFlow Embedding Projector
	word2vec demo                                 train on a small built-in corpus and show neighbours
	word2vec devices                              list the OpenCL and CUDA devices (or why there are none)
	word2vec help, -h, --help                     this text (after a command: that command's usage)
	word2vec --version                            the version
Linked or copied under the name distance, word-analogy, compute-accuracy or word2phrase, this program is that
program, so the C tool's demo scripts run unchanged.

""";

    /// <summary>The C usage text of the training command.</summary>
    public static string Train => Header + TrainFlags.Table.Usage(FlagSection.C) + Examples;

    /// <summary>Everything this tool adds: its flags and its commands.</summary>
    public static string Additions => "Word2VecNative additions:\n" + TrainFlags.Table.Usage(FlagSection.Additions) + Commands;

    /// <summary>What <c>--version</c> prints.</summary>
    public static string Version
    {
        get
        {
            var asm = typeof(Usage).Assembly;
            string v = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? asm.GetName().Version?.ToString() ?? "0";
            int plus = v.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0) v = v[..plus];
            return $"word2vec (Word2VecNative) {v}\n";
        }
    }
}
