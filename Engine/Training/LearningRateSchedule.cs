using System.Runtime.CompilerServices;

namespace Word2VecNative.Training;

/// <summary>
/// word2vec.c's learning rate: it falls linearly from the starting rate with the words processed so far,
/// <c>starting_alpha * (1 - word_count_actual / (real)(iter * train_words + 1))</c>, and never below
/// <c>starting_alpha * 0.0001</c>. Every backend takes its rates from here.
/// </summary>
/// <param name="Starting">The starting learning rate (<see cref="TrainingOptions.StartingAlpha"/>).</param>
/// <param name="TotalWords">C's denominator, <c>iter * train_words + 1</c>.</param>
public readonly record struct LearningRateSchedule(float Starting, long TotalWords)
{
    /// <summary>The schedule of a run of <paramref name="iterations"/> epochs over <paramref name="trainWords"/> words.</summary>
    public static LearningRateSchedule For(float startingAlpha, int iterations, long trainWords) =>
        new(startingAlpha, iterations * trainWords + 1);

    /// <summary>The rate after <paramref name="wordsProcessed"/> words, with C's float arithmetic and floor.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float At(long wordsProcessed)
    {
        float alpha = Starting * (1 - wordsProcessed / (float)TotalWords);
        if (alpha < Starting * 0.0001) alpha = (float)(Starting * 0.0001);
        return alpha;
    }
}
