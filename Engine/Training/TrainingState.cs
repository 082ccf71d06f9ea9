namespace Word2VecNative.Training;

/// <summary>
/// Where a model's training stands, for continuing it (<see cref="Trainer.Continue"/>): the plan (the epochs of
/// <see cref="TrainingOptions.Iterations"/> and the words an epoch reads, which with the options' rates give the
/// <see cref="LearningRate"/>), how far the plan got, and what each training thread carries from one epoch to the
/// next in word2vec.c: the shared word count (<c>word_count_actual</c>), and per thread the learning rate it last
/// computed (<c>alpha</c>) and its generator (<c>next_random</c>).
/// </summary>
public sealed class TrainingState
{
    private readonly TrainingThreadState[] _threads;

    internal TrainingState(LearningRateSchedule learningRate, int plannedEpochs, int epochsDone, long wordsPerEpoch, long wordsProcessed,
        long epochsTrained, IReadOnlyList<TrainingThreadState> threads)
    {
        ArgumentNullException.ThrowIfNull(threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(plannedEpochs);
        ArgumentOutOfRangeException.ThrowIfNegative(epochsDone);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epochsDone, plannedEpochs);
        ArgumentOutOfRangeException.ThrowIfNegative(wordsPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(wordsProcessed);
        ArgumentOutOfRangeException.ThrowIfLessThan(epochsTrained, epochsDone);
        LearningRate = learningRate;
        PlannedEpochs = plannedEpochs;
        EpochsDone = epochsDone;
        WordsPerEpoch = wordsPerEpoch;
        WordsProcessed = wordsProcessed;
        EpochsTrained = epochsTrained;
        _threads = [.. threads];
    }

    /// <summary>The plan's learning rate: its starting rate, its final rate rule and its denominator
    /// <c>PlannedEpochs * WordsPerEpoch + 1</c>.</summary>
    public LearningRateSchedule LearningRate { get; }

    /// <summary>Epochs of the plan (the <see cref="TrainingOptions.Iterations"/> of the run that started it).</summary>
    public int PlannedEpochs { get; }

    /// <summary>Epochs of the plan done.</summary>
    public int EpochsDone { get; }

    /// <summary>True when every planned epoch is done: continuing starts a new plan.</summary>
    public bool IsComplete => EpochsDone >= PlannedEpochs;

    /// <summary>Words an epoch of the plan reads (C's <c>train_words</c>).</summary>
    public long WordsPerEpoch { get; }

    /// <summary>Words processed in the plan so far, over all threads and epochs (C's <c>word_count_actual</c>).</summary>
    public long WordsProcessed { get; }

    /// <summary>Epochs trained over the model's whole life, every plan included.</summary>
    public long EpochsTrained { get; }

    /// <summary>Each training thread's learning rate and generator when the run stopped, in thread order.</summary>
    internal IReadOnlyList<TrainingThreadState> Threads => _threads;
}

/// <summary>What a training thread carries from one epoch to the next.</summary>
/// <param name="Random">Its generator's state (C's <c>next_random</c>).</param>
/// <param name="Alpha">The learning rate it last computed (C's <c>alpha</c>): the first sentences of the next epoch
/// train with it until the thread's word clock next ticks.</param>
internal readonly record struct TrainingThreadState(ulong Random, float Alpha);
