using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// Everything a training backend needs before its first word, made as word2vec.c's TrainModel makes it: the
/// checked options, the corpus, the vocabulary (learnt from the corpus or given), and from them the Huffman tree,
/// the unigram table of negative sampling, the subsampler, the learning-rate schedule and C's initial vectors.
/// The CPU <see cref="Trainer"/> and the GPU backend both train from one of these, so both cut sentences,
/// down-sample, draw negatives and decay the learning rate the same way.
/// </summary>
public sealed class TrainingSetup
{
    private Vocabulary? _vocabulary;
    private Tables? _tables;

    private TrainingSetup(TrainingOptions options, TrainingCorpus corpus)
    {
        Options = options;
        Corpus = corpus;
    }

    /// <summary>Checks that <paramref name="options"/> train something; throws <see cref="Word2VecException"/> otherwise.
    /// The vocabulary is set next, with <see cref="LearnVocabulary"/> or <see cref="UseVocabulary"/>.</summary>
    public static TrainingSetup Create(TrainingOptions options, TrainingCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        options.EnsureSomethingIsTrained();
        return new TrainingSetup(options, corpus);
    }

    /// <summary>The settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>The text trained on.</summary>
    public TrainingCorpus Corpus { get; }

    /// <summary>The vocabulary; <see cref="InvalidOperationException"/> before one is set.</summary>
    public Vocabulary Vocabulary => _vocabulary ?? throw new InvalidOperationException("no vocabulary yet: call LearnVocabulary or UseVocabulary first");

    /// <summary>Learns the vocabulary of the corpus (C's LearnVocabFromTrainFile) and uses it.
    /// <paramref name="wordsRead"/> receives the running word count every 100,000 words.</summary>
    public Vocabulary LearnVocabulary(Action<long>? wordsRead = null, CancellationToken cancellationToken = default)
    {
        using var fs = Corpus.Open();
        if (fs.Length == 0) throw new Word2VecException($"ERROR: {Corpus.Name} is empty");
        var vocabulary = Vocabulary.Learn(fs, Options.MinCount, Options.VocabHashSize, wordsRead, cancellationToken);
        if (vocabulary.TrainWords == 0 && vocabulary.Count <= 1)
            throw new Word2VecException($"ERROR: {Corpus.Name} contains no words");
        UseVocabulary(vocabulary);
        return vocabulary;
    }

    /// <summary>Uses a vocabulary made elsewhere (for example read with <see cref="Vocabulary.Read(Stream, int, long, string?)"/>).</summary>
    public void UseVocabulary(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        _vocabulary = vocabulary;
        _tables = null;
    }

    /// <summary>The Huffman tree of hierarchical softmax, or null without <see cref="TrainingOptions.HierarchicalSoftmax"/>.</summary>
    public HuffmanTree? Tree => Prepared.Tree;

    /// <summary>The unigram table of negative sampling, or null when <see cref="TrainingOptions.Negative"/> is 0.</summary>
    public UnigramTable? NegativeTable => Prepared.NegativeTable;

    /// <summary>The down-sampling of frequent words, or null when <see cref="TrainingOptions.Sample"/> is 0.</summary>
    public Subsampler? Subsampler => Prepared.Subsampler;

    /// <summary>The learning rate over the whole run (all epochs).</summary>
    public LearningRateSchedule LearningRate => Prepared.LearningRate;

    /// <summary>C's InitNet: <c>vocabulary size × size</c> floats from the generator seeded with 1, in row order,
    /// <c>(((next_random &amp; 0xFFFF) / (real)65536) - 0.5) / layer1_size</c>.</summary>
    public float[] InitialVectors()
    {
        _ = Prepared;
        int size = Options.Size;
        var syn0 = LargeArray.Allocate(checked(Vocabulary.Count * size), pinned: true);
        var rnd = new CRandom(1);
        for (int i = 0; i < syn0.Length; i++)
        {
            ulong r = rnd.Next();
            syn0[i] = (float)(((double)((r & 0xFFFF) / (float)65536) - 0.5) / size);
        }
        return syn0;
    }

    /// <summary>A reader of the corpus's sentences (see <see cref="SentenceReader"/>), at its start.</summary>
    public SentenceReader OpenSentences() => new(Corpus.Open(), Vocabulary, Subsampler);

    private Tables Prepared => _tables ??= Prepare();

    private Tables Prepare()
    {
        var vocabulary = Vocabulary;
        var o = Options;
        if (vocabulary.Count < 2)
            throw new Word2VecException($"ERROR: no words are left in the vocabulary after applying -min-count {o.MinCount}; lower it");
        long floats = (long)vocabulary.Count * o.Size;
        if (floats > Array.MaxLength)
            throw new Word2VecException($"ERROR: {vocabulary.Count} words of size {o.Size} need {floats} floats per matrix, more than one array holds ({Array.MaxLength}); lower -size or raise -min-count");
        return new Tables(
            o.HierarchicalSoftmax ? HuffmanTree.Build(vocabulary) : null,
            o.Negative > 0 ? UnigramTable.Build(vocabulary) : null,
            Subsampler.Create(vocabulary, o.Sample),
            LearningRateSchedule.For(o.StartingAlpha, o.Iterations, vocabulary.TrainWords));
    }

    private sealed record Tables(HuffmanTree? Tree, UnigramTable? NegativeTable, Subsampler? Subsampler, LearningRateSchedule LearningRate);
}
