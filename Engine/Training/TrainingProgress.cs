namespace Word2VecNative.Training;

/// <summary>Where a training run stands; the values of the C tool's progress line.</summary>
/// <param name="Alpha">Current learning rate.</param>
/// <param name="WordsProcessed">Words processed so far over all threads and epochs (C's word_count_actual).</param>
/// <param name="TotalWords">iter * train_words + 1, the C denominator.</param>
/// <param name="WordsPerThreadPerSecond">Words per second of processor time (C's Words/thread/sec, in words).</param>
public readonly record struct TrainingProgress(float Alpha, long WordsProcessed, long TotalWords, double WordsPerThreadPerSecond)
{
    /// <summary>Percent done, as C computes it (float division).</summary>
    public float Percent => WordsProcessed / (float)TotalWords * 100;

    /// <summary>The C tool's line: <c>\rAlpha: %f  Progress: %.2f%%  Words/thread/sec: %.2fk  </c>.</summary>
    public string ToCLine() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"\rAlpha: {Alpha:F6}  Progress: {Percent:F2}%  Words/thread/sec: {WordsPerThreadPerSecond / 1000:F2}k  ");
}
