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

    /// <summary>Trains on a file or folder, read as <see cref="TrainingCorpus.FromFile"/> reads it (a compressed file or a
    /// pipe too).</summary>
    public static Word2VecModel Train(TrainingOptions options, string trainFile, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var corpus = TrainingCorpus.FromFile(trainFile);
        return Train(options, corpus, null, progress, cancellationToken);
    }

    /// <summary>Trains what <paramref name="setup"/> describes; its vocabulary must be set. Cancelling stops the
    /// threads within a few thousand words and throws <see cref="OperationCanceledException"/>. The model holds its
    /// output layers and <see cref="TrainingState"/>, so it can be saved and continued.</summary>
    public static Word2VecModel Train(TrainingSetup setup, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        cancellationToken.ThrowIfCancellationRequested();
        if (setup.Continuing is { } c)
        {
            var model = c.Model;
            var weights = new ModelWeights(model.Vocabulary.Count, setup.Options.Size,
                Copy(model.VectorArray, c.InPlace)!, Copy(model.Syn1Array, c.InPlace), Copy(model.Syn1NegArray, c.InPlace));
            using var continued = new TrainingRun(setup, weights, c.Start);
            return Finish(setup, continued, continued.Run(progress, cancellationToken));
        }
        using var run = new TrainingRun(setup);
        return Finish(setup, run, run.Run(progress, cancellationToken));
    }

    /// <summary>
    /// Trains <paramref name="model"/> further on <paramref name="corpus"/> (the same corpus or another) and returns the
    /// new model; <paramref name="model"/> is left as it was. <paramref name="options"/> (null: the model's own) may change
    /// how the run goes (threads, arithmetic, loss, <see cref="TrainingOptions.StopAfterEpoch"/>) but not the settings
    /// that define the model (size, window, sample, objectives, architecture, min-count, seed, initial range):
    /// a different one is a <see cref="Word2VecException"/>. The vocabulary stays the model's: words the corpus has and
    /// the vocabulary lacks are skipped, as C skips unknown words.
    /// <para>A model whose plan is unfinished (it was stopped with <see cref="TrainingOptions.StopAfterEpoch"/>) resumes
    /// the plan: the remaining epochs, with the rates of the whole plan, the thread generators and rates it saved, so
    /// that with one thread in exact arithmetic the result is the bytes of the uninterrupted run; its
    /// <see cref="TrainingOptions.Iterations"/>, starting rate and <see cref="TrainingOptions.MinAlpha"/> must be the
    /// plan's. A finished model starts a new plan of <see cref="TrainingOptions.Iterations"/> epochs from the starting
    /// rate, the words of an epoch being counted in <paramref name="corpus"/> first.</para>
    /// <para>With <paramref name="inPlace"/> the model's own matrices are trained, not a copy (half the memory);
    /// <paramref name="model"/> must not be used afterwards, as its vectors no longer match its state.</para>
    /// </summary>
    public static Word2VecModel Continue(Word2VecModel model, TrainingCorpus corpus, TrainingOptions? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, bool inPlace = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        return Train(TrainingSetup.Continue(model, corpus, options, inPlace, cancellationToken), progress, cancellationToken);
    }

    private static float[]? Copy(float[]? a, bool inPlace)
    {
        if (a == null || inPlace) return a;
        var copy = LargeArray.Allocate(a.Length, pinned: true);
        a.CopyTo(copy, 0);
        return copy;
    }

    private static Word2VecModel Finish(TrainingSetup setup, TrainingRun run, TrainingState state)
    {
        var w = run.Weights;
        return new Word2VecModel(setup.Vocabulary, w.Syn0Array, w.Syn1Array, w.Syn1NegArray, setup.Options with { StopAfterEpoch = null }, state);
    }
}
