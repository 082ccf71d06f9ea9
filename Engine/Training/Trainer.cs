using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// Trains word vectors on the CPU as word2vec.c's TrainModel does: vocabulary (learnt or given), network initialised
/// with C's generator, unigram table, then Hogwild threads each reading its own byte range of the corpus for every
/// epoch. <see cref="Arithmetic.Exact"/> with one thread reproduces the C tool's output byte for byte.
/// </summary>
public static class Trainer
{
    /// <summary>Trains on <paramref name="corpus"/>. When <paramref name="vocabulary"/> is null it is learnt from the
    /// corpus first. Progress is reported about ten times a second and once more when training completes.</summary>
    public static Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var setup = TrainingSetup.Create(options, corpus);
        if (vocabulary != null) setup.UseVocabulary(vocabulary);
        else setup.LearnVocabulary(null, cancellationToken);
        return Train(setup, progress, cancellationToken);
    }

    /// <summary>Trains on a file.</summary>
    public static Word2VecModel Train(TrainingOptions options, string trainFile, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var corpus = TrainingCorpus.FromFile(trainFile);
        return Train(options, corpus, null, progress, cancellationToken);
    }

    /// <summary>Trains what <paramref name="setup"/> describes; its vocabulary must be set. Cancelling stops the
    /// threads within a few thousand words and throws <see cref="OperationCanceledException"/>.</summary>
    public static Word2VecModel Train(TrainingSetup setup, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        cancellationToken.ThrowIfCancellationRequested();
        using var run = new TrainingRun(setup);
        run.Run(progress, cancellationToken);
        return new Word2VecModel(setup.Vocabulary, run.Weights.Syn0Array, setup.Options.Size);
    }
}
