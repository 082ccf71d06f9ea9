using System.Globalization;

namespace Word2VecNative.Training;

/// <summary>Where a training run stands; the values of the C tool's progress line, plus the epoch.</summary>
/// <param name="Alpha">Current learning rate.</param>
/// <param name="WordsProcessed">Words processed so far over all threads and epochs (C's word_count_actual).</param>
/// <param name="TotalWords">iter * train_words + 1, the C denominator.</param>
/// <param name="WordsPerThreadPerSecond">Words per second of processor time (C's Words/thread/sec, in words).</param>
/// <param name="Epoch">The epoch the words processed have reached, from 1 to <paramref name="Epochs"/>.</param>
/// <param name="Epochs">Epochs of the run (<see cref="TrainingOptions.Iterations"/>).</param>
/// <param name="IsComplete">True for the last report of a run that finished: every epoch it was to train is done (all
/// of <see cref="TrainingOptions.Iterations"/>, or up to <see cref="TrainingOptions.StopAfterEpoch"/>, whose number is
/// then <paramref name="Epoch"/>).</param>
public readonly record struct TrainingProgress(float Alpha, long WordsProcessed, long TotalWords, double WordsPerThreadPerSecond,
    int Epoch, int Epochs, bool IsComplete)
{
    /// <summary>With <see cref="TrainingOptions.ComputeLoss"/>, the training loss summed since this run started (this call
    /// of <see cref="Trainer.Train(TrainingSetup, IProgress{TrainingProgress}?, CancellationToken, TrainingHooks?)"/> or
    /// <see cref="Trainer.Continue"/>), the sum gensim's <c>compute_loss</c> means: <c>-log(sigmoid(x))</c> for each labelled
    /// dot product <c>x</c> the step trains (the target word's or a Huffman branch's label as trained, a negative
    /// sample's negated) that lies inside (-6, 6), from the 1000-entry table the step's sigmoid uses, summed in double.
    /// gensim 4.2 takes the opposite label for hierarchical softmax and sums in float32 (the README says where the
    /// figures differ). 0 without it.</summary>
    public double Loss { get; init; }

    /// <summary>Words per second of wall-clock time over all threads, the words of this run only (a continued plan's
    /// count starts where it stood). 0 before the first words.</summary>
    public double WordsPerSecond { get; init; }

    /// <summary>Wall-clock time since the run's threads started.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>An estimate of the time left until the run ends (its last epoch, or that of
    /// <see cref="TrainingOptions.StopAfterEpoch"/>), at the speed so far: zero once it is complete, null before
    /// there is a speed to go by.</summary>
    public TimeSpan? Remaining { get; init; }

    /// <summary>Percent of the plan done, from 0 to 100. The C tool's figure (<see cref="ToCLine"/>) divides by
    /// <c>iter * train_words + 1</c> and can pass 100, as threads count the words they read past their share; this one
    /// stops at 100.</summary>
    public float Percent => Math.Min(100f, CPercent);

    /// <summary>Percent done as C computes it (float division), which may pass 100.</summary>
    private float CPercent => WordsProcessed / (float)TotalWords * 100;

    /// <summary>The C tool's line: <c>\rAlpha: %f  Progress: %.2f%%  Words/thread/sec: %.2fk  </c>, with C's percentage
    /// (which may pass 100).</summary>
    public string ToCLine() => string.Create(CultureInfo.InvariantCulture,
        $"\rAlpha: {Alpha:F6}  Progress: {CPercent:F2}%  Words/thread/sec: {WordsPerThreadPerSecond / 1000:F2}k  ");

    /// <summary>A report of a run set up by <paramref name="setup"/>: the epoch follows from the words processed.</summary>
    public static TrainingProgress Create(TrainingSetup setup, float alpha, long wordsProcessed, double wordsPerThreadPerSecond, bool complete)
    {
        ArgumentNullException.ThrowIfNull(setup);
        int epochs = setup.Options.Iterations;
        long perEpoch = Math.Max(1, setup.WordsPerEpoch);
        int epoch = complete ? epochs : (int)Math.Clamp(wordsProcessed / perEpoch + 1, 1, epochs);
        return new TrainingProgress(alpha, wordsProcessed, setup.LearningRate.TotalWords, wordsPerThreadPerSecond, epoch, epochs, complete);
    }
}
