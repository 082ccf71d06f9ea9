using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// Everything a training backend needs before its first word, made as word2vec.c's TrainModel makes it: the
/// checked options, the corpus, the vocabulary (learnt from the corpus or given), and from them the Huffman tree,
/// the unigram table of negative sampling, the subsampler, the learning-rate schedule and C's initial vectors.
/// The CPU <see cref="Trainer"/> and the GPU backend both train from one of these, so both cut sentences,
/// down-sample, draw negatives and decay the learning rate the same way: a device backend takes the tables as
/// <see cref="DeviceTables"/> and the sentences from <see cref="ReadSentences"/>.
/// </summary>
public sealed class TrainingSetup
{
    private Vocabulary? _vocabulary;
    private Tables? _tables;
    private long? _wordsPerEpoch;

    private TrainingSetup(TrainingOptions options, TrainingCorpus corpus)
    {
        Options = options;
        Corpus = corpus;
    }

    /// <summary>Checks that the settings of <paramref name="options"/> agree (something is trained, the learning rates and
    /// the epoch to stop after are in order); throws <see cref="ArgumentException"/> otherwise.
    /// The vocabulary is set next, with <see cref="LearnVocabulary"/> or <see cref="UseVocabulary"/>.</summary>
    public static TrainingSetup Create(TrainingOptions options, TrainingCorpus corpus)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        options.EnsureSettingsAgree();
        return new TrainingSetup(options, corpus);
    }

    /// <summary>
    /// The setup of a run continuing <paramref name="model"/> on <paramref name="corpus"/> (see <see cref="Trainer.Continue"/>):
    /// the model's vocabulary, and the rest of its plan or a new plan of <see cref="TrainingOptions.Iterations"/> epochs,
    /// whose <see cref="WordsPerEpoch"/> are counted in the corpus here. Checked before anything is trained: the
    /// settings that define the model, the plan's, and the corpus (an empty one, or one that holds none of the model's
    /// words, is a <see cref="Word2VecException"/>). <see cref="Trainer.Train(TrainingSetup, IProgress{TrainingProgress}?, CancellationToken, TrainingHooks?)"/>
    /// trains it on the CPU, from the model's weights (with <paramref name="inPlace"/>, the model's own arrays: the
    /// model must not be used afterwards); its vocabulary cannot be changed and it has no initial vectors.
    /// </summary>
    public static TrainingSetup Continue(Word2VecModel model, TrainingCorpus corpus, TrainingOptions? options = null, bool inPlace = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        cancellationToken.ThrowIfCancellationRequested();
        var (setup, start) = Continuation.Prepare(model, corpus, options ?? model.Options ?? new TrainingOptions(), cancellationToken);
        setup.Continuing = new ContinuedRun(model, start, inPlace);
        return setup;
    }

    /// <summary>What a continuing setup starts from (see <see cref="Continue"/>); null for a new model.</summary>
    internal ContinuedRun? Continuing { get; private set; }

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
        if (Continuing != null) throw new InvalidOperationException("a continued model keeps its own vocabulary");
        using var fs = Corpus.Open(cancellationToken);
        if (fs.Length == 0) throw new Word2VecException($"{Corpus.Name} is empty");
        var vocabulary = Vocabulary.Learn(fs, Options, wordsRead, cancellationToken);
        if (vocabulary.TrainWords == 0 && vocabulary.Count <= 1)
            throw new Word2VecException($"{Corpus.Name} contains no words");
        UseVocabulary(vocabulary);
        return vocabulary;
    }

    /// <summary>Uses a vocabulary made elsewhere (for example read with <see cref="Vocabulary.Read(Stream, int, long, string?)"/>).</summary>
    public void UseVocabulary(Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (Continuing != null) throw new InvalidOperationException("a continued model keeps its own vocabulary");
        _vocabulary = vocabulary;
        _wordsPerEpoch = null;
        _tables = null;
    }

    /// <summary>The Huffman tree of hierarchical softmax, or null without <see cref="TrainingOptions.HierarchicalSoftmax"/>.</summary>
    internal HuffmanTree? Tree => Prepared.Tree;

    /// <summary>The unigram table of negative sampling, or null when <see cref="TrainingOptions.Negative"/> is 0.</summary>
    internal UnigramTable? NegativeTable => Prepared.NegativeTable;

    /// <summary>The down-sampling of frequent words, or null when <see cref="TrainingOptions.Sample"/> is 0.</summary>
    internal Subsampler? Subsampler => Prepared.Subsampler;

    /// <summary>The tables of this run as a device copies them (the sigmoid table, the Huffman codes and points, the
    /// unigram table, the down-sampling thresholds) with the constants that index them; made once the vocabulary
    /// is set (<see cref="InvalidOperationException"/> before).</summary>
    public DeviceTables DeviceTables => Prepared.Device;

    /// <summary>The learning rate over the whole run (all epochs).</summary>
    public LearningRateSchedule LearningRate => Prepared.LearningRate;

    /// <summary>Words an epoch reads (C's <c>train_words</c>, what the command prints as "Words in train file", the
    /// clock of the learning rate and of each thread's share of the corpus): the vocabulary's
    /// <see cref="Vocabulary.TrainWords"/>, unless a continued run set its own (its plan's, or the known words of
    /// its corpus).</summary>
    public long WordsPerEpoch => _wordsPerEpoch ?? Vocabulary.TrainWords;

    /// <summary>Sets <see cref="WordsPerEpoch"/> (a continued run: the saved plan's, or the words of another corpus).</summary>
    internal void UseWordsPerEpoch(long words)
    {
        _wordsPerEpoch = words;
        _tables = null;
    }

    /// <summary>C's InitNet: <c>vocabulary size × size</c> floats from the generator started at
    /// <see cref="TrainingOptions.Seed"/> (C's 1), in row order, <c>(((next_random &amp; 0xFFFF) / (real)65536) - 0.5) *
    /// 2 * range / layer1_size</c>; with the default range 0.5 that is C's expression bit for bit (the factor is 1.0).</summary>
    public float[] InitialVectors()
    {
        if (Continuing != null) throw new InvalidOperationException("a continued model starts from its own vectors, not from initial ones (train it with Trainer.Train on the CPU)");
        _ = Prepared;
        int size = Options.Size;
        double scale = 2.0 * Options.InitialRange;
        var syn0 = LargeArray.Allocate(checked(Vocabulary.Count * size), pinned: true);
        var rnd = new CRandom(Options.Seed);
        for (int i = 0; i < syn0.Length; i++)
        {
            ulong r = rnd.Next();
            syn0[i] = (float)(((double)((r & 0xFFFF) / (float)65536) - 0.5) * scale / size);
        }
        return syn0;
    }

    /// <summary>The first state of training thread <paramref name="thread"/>'s generator: C's <c>id</c>, moved by the
    /// seed (<see cref="TrainingOptions.Seed"/> - 1).</summary>
    internal ulong ThreadSeed(int thread) => unchecked(Options.Seed - 1 + (ulong)thread);

    /// <summary>Known words of the corpus as the training threads count them (<c>&lt;/s&gt;</c> included), the words per
    /// epoch of a new plan on a corpus other than the vocabulary's, and how many of them are not <c>&lt;/s&gt;</c>: one pass.</summary>
    internal (long Words, long Trainable) CountCorpusWords(bool stopAtFirstTrainable, CancellationToken cancellationToken)
    {
        using var reader = new SentenceReader(Corpus.Open(), Vocabulary, null) { Cancellation = cancellationToken };
        var sentence = new int[SentenceReader.MaxSentenceLength];
        var rnd = new CRandom(0);
        long trainable = 0;
        for (long sentences = 1; !reader.EndOfFile; sentences++)
        {
            trainable += reader.Read(sentence, ref rnd);
            if (stopAtFirstTrainable && trainable > 0) break;
            if ((sentences & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
        }
        return (reader.WordsRead, trainable);
    }

    /// <summary>A reader of the corpus's sentences (see <see cref="SentenceReader"/>), at its start, that stops with
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled, even inside a
    /// long run of unknown words.</summary>
    internal SentenceReader OpenSentences(CancellationToken cancellationToken = default) =>
        new(Corpus.Open(), Vocabulary, Subsampler) { Cancellation = cancellationToken };

    /// <summary>
    /// Reads <paramref name="text"/> (the corpus, or a stretch of it that starts at a word) from its position to its
    /// end as the training threads read it, without down-sampling: words the vocabulary does not hold are skipped, a
    /// newline (<c>&lt;/s&gt;</c>) ends a sentence, and a sentence is cut after <see cref="DeviceTables.MaxSentenceLength"/>
    /// words. Each sentence that holds words is passed to <paramref name="sentence"/> as word indices, with the known
    /// words read before it (<c>&lt;/s&gt;</c> included: C's <c>word_count</c>, the learning rate's clock); returns the
    /// known words read in all. <paramref name="text"/> is left open. For backends that encode the corpus themselves
    /// (the GPU reads stretches of it in parallel).
    /// </summary>
    public long ReadSentences(Stream text, Action<ReadOnlySpan<int>, long> sentence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sentence);
        using var reader = new SentenceReader(text, Vocabulary, subsampler: null, ownsStream: false) { Cancellation = cancellationToken };
        var words = new int[SentenceReader.MaxSentenceLength];
        var unused = new CRandom(0); // no down-sampling: never drawn from
        for (long sentences = 1; !reader.EndOfFile; sentences++)
        {
            if ((sentences & 0xFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            long before = reader.WordsRead;
            int n = reader.Read(words, ref unused);
            if (n > 0) sentence(words.AsSpan(0, n), before);
        }
        return reader.WordsRead;
    }

    private Tables Prepared => _tables ??= Prepare();

    private Tables Prepare()
    {
        var vocabulary = Vocabulary;
        var o = Options;
        if (vocabulary.Count < 2)
            throw new Word2VecException($"no words are left in the vocabulary after applying -min-count {o.MinCount}; lower it");
        long floats = (long)vocabulary.Count * o.Size;
        if (floats > Array.MaxLength)
            throw new Word2VecException($"{vocabulary.Count} words of size {o.Size} need {floats} floats per matrix, more than one array holds ({Array.MaxLength}); lower -size or raise -min-count");
        var tree = o.HierarchicalSoftmax ? HuffmanTree.Build(vocabulary) : null;
        var negativeTable = o.Negative > 0 ? UnigramTable.Build(vocabulary) : null;
        var subsampler = Subsampler.Create(vocabulary, o.Sample);
        return new Tables(tree, negativeTable, subsampler, LearningRateSchedule.For(o.StartingAlpha, o.MinAlpha, o.Iterations, WordsPerEpoch),
            new DeviceTables(vocabulary.Count, tree, negativeTable, subsampler));
    }

    /// <summary>The model a run continues, where its plan stands, and whether its arrays are trained in place.</summary>
    internal sealed record ContinuedRun(Word2VecModel Model, TrainingState Start, bool InPlace);

    private sealed record Tables(HuffmanTree? Tree, UnigramTable? NegativeTable, Subsampler? Subsampler, LearningRateSchedule LearningRate,
        DeviceTables Device);
}
