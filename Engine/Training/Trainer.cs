using System.Diagnostics;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// Trains word vectors as word2vec.c's TrainModel does: vocabulary (learnt or given), network initialised with
/// C's generator, unigram table, then Hogwild threads each reading its own byte range of the file for every
/// epoch. <see cref="KernelKind.Exact"/> with one thread reproduces the C tool's output byte for byte.
/// </summary>
public static class Trainer
{
    /// <summary>Learns the vocabulary of <paramref name="corpus"/> (C's LearnVocabFromTrainFile).</summary>
    public static Vocabulary LearnVocabulary(TrainingCorpus corpus, TrainingOptions options, Action<long>? wordsRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(options);
        using var fs = OpenCorpus(corpus.Path);
        if (fs.Length == 0) throw new Word2VecException($"ERROR: training data file {corpus.Path} is empty");
        var vocab = Vocabulary.Learn(fs, options.MinCount, options.VocabHashSize, wordsRead, cancellationToken);
        if (vocab.TrainWords == 0 && vocab.Count <= 1)
            throw new Word2VecException($"ERROR: training data file {corpus.Path} contains no words");
        return vocab;
    }

    /// <summary>Trains on <paramref name="corpus"/>. When <paramref name="vocabulary"/> is null it is learnt from the
    /// corpus first. Progress is reported about ten times a second.</summary>
    public static Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        options.Validate();
        vocabulary ??= LearnVocabulary(corpus, options, null, cancellationToken);
        EnsureTrainable(vocabulary, options);
        long fileSize;
        using (var fs = OpenCorpus(corpus.Path)) fileSize = fs.Length;
        using var run = new TrainingRun(options, vocabulary, corpus.Path, fileSize);
        run.Run(progress, cancellationToken);
        return new Word2VecModel(vocabulary, run.CopyVectors(), options.Size);
    }

    /// <summary>Convenience overload: trains on a file.</summary>
    public static Word2VecModel Train(TrainingOptions options, string trainFile, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var corpus = TrainingCorpus.FromFile(trainFile);
        return Train(options, corpus, null, progress, cancellationToken);
    }

    internal static void EnsureTrainable(Vocabulary vocabulary, TrainingOptions options)
    {
        if (vocabulary.Count < 2)
            throw new Word2VecException($"ERROR: no words are left in the vocabulary after applying -min-count {options.MinCount}; lower it");
    }

    internal static FileStream OpenCorpus(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new Word2VecException(e is FileNotFoundException or DirectoryNotFoundException
                ? $"ERROR: training data file {path} not found"
                : $"ERROR: cannot read training data file {path}: {e.Message}", e);
        }
    }

    internal static double ProcessorSeconds()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime.TotalSeconds;
    }
}
