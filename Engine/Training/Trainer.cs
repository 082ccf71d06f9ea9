using Word2VecNative.Distributed;
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
    /// corpus first. Progress is reported about ten times a second and once more when training completes, on the calling
    /// thread, in order (an <see cref="IProgress{T}"/> that acts at once sees the reports in order; <see cref="Progress{T}"/>
    /// posts each to the thread pool, where they may run out of order). <paramref name="hooks"/> adds epoch-end
    /// callbacks and a logger (see <see cref="TrainingHooks"/>).</summary>
    public static Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingHooks? hooks = null)
    {
        var setup = TrainingSetup.Create(options, corpus);
        if (hooks?.Communicator is { } communicator)
        {
            // Across processes: the same options and corpus everywhere, and rank 0's vocabulary.
            Collective.CheckSameRun(communicator, "options", options.ToString(), corpus, cancellationToken);
            Collective.Step(communicator, () =>
            {
                if (communicator.Rank == 0) SetVocabulary(setup, vocabulary, hooks, cancellationToken);
                return 0;
            }, cancellationToken);
            var shared = VocabularyExchange.Share(communicator, communicator.Rank == 0 ? setup.Vocabulary : null);
            if (communicator.Rank != 0) setup.UseVocabulary(shared);
        }
        else SetVocabulary(setup, vocabulary, hooks, cancellationToken);
        return Train(setup, progress, cancellationToken, hooks);
    }

    private static void SetVocabulary(TrainingSetup setup, Vocabulary? vocabulary, TrainingHooks? hooks, CancellationToken cancellationToken)
    {
        if (vocabulary != null) setup.UseVocabulary(vocabulary);
        else
        {
            setup.LearnVocabulary(null, cancellationToken);
            if (hooks?.Logger is { } logger) TrainingLog.VocabularyLearnt(logger, setup.Vocabulary.Count, setup.WordsPerEpoch);
        }
    }

    /// <summary>Trains on a file or folder, read as <see cref="TrainingCorpus.FromFile"/> reads it (a compressed file or a
    /// pipe too).</summary>
    public static Word2VecModel Train(TrainingOptions options, string trainFile, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, TrainingHooks? hooks = null)
    {
        using var corpus = TrainingCorpus.FromFile(trainFile);
        return Train(options, corpus, null, progress, cancellationToken, hooks);
    }

    /// <summary>
    /// <see cref="Train(TrainingOptions, TrainingCorpus, Vocabulary?, IProgress{TrainingProgress}?, CancellationToken, TrainingHooks?)"/>
    /// on a thread of its own (the vocabulary pass included), so the caller is not blocked: the task completes with the
    /// model, fails with what training throws, or is cancelled (the training threads stop within a sentence).
    /// Progress and the epoch-end callbacks are called on that thread, in order. The corpus must stay undisposed until
    /// the task completes.
    /// </summary>
    public static Task<Word2VecModel> TrainAsync(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, TrainingHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<Word2VecModel>(cancellationToken);
        return Task.Factory.StartNew(() => Train(options, corpus, vocabulary, progress, cancellationToken, hooks),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Trains on a file, on a thread of its own (see <see cref="TrainAsync(TrainingOptions, TrainingCorpus, Vocabulary?, IProgress{TrainingProgress}?, CancellationToken, TrainingHooks?)"/>).</summary>
    public static Task<Word2VecModel> TrainAsync(TrainingOptions options, string trainFile, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default, TrainingHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(trainFile);
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<Word2VecModel>(cancellationToken);
        return Task.Factory.StartNew(() => Train(options, trainFile, progress, cancellationToken, hooks),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Trains what <paramref name="setup"/> describes; its vocabulary must be set. Cancelling stops the
    /// threads within a few thousand words and throws <see cref="OperationCanceledException"/>. The model holds its
    /// output layers and <see cref="TrainingState"/>, so it can be saved and continued.</summary>
    public static Word2VecModel Train(TrainingSetup setup, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default,
        TrainingHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var communicator = hooks?.Communicator;
        if (communicator != null) Collective.CheckSameSetup(communicator, setup, cancellationToken);
        else cancellationToken.ThrowIfCancellationRequested();
        TrainingRun Start()
        {
            if (setup.Continuing is { } c)
            {
                var model = c.Model;
                var weights = new ModelWeights(model.Vocabulary.Count, setup.Options.Size,
                    Copy(model.VectorArray, c.InPlace)!, Copy(model.Syn1Array, c.InPlace), Copy(model.Syn1NegArray, c.InPlace));
                return new TrainingRun(setup, weights, c.Start, hooks);
            }
            return new TrainingRun(setup, hooks: hooks);
        }
        // Across processes every rank must reach the run's first collective call, or none.
        using var run = communicator != null ? Collective.Step(communicator, Start, cancellationToken) : Start();
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
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, bool inPlace = false, TrainingHooks? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        return Train(TrainingSetup.Continue(model, corpus, options, inPlace, cancellationToken), progress, cancellationToken, hooks);
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
