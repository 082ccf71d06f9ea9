using System.Runtime.CompilerServices;

namespace Word2VecNative.Training;

/// <summary>
/// The learning rate of a run, falling linearly with the words processed so far. With <see cref="Final"/> null it is
/// word2vec.c's rule: <c>starting_alpha * (1 - word_count_actual / (real)(iter * train_words + 1))</c>, and never
/// below <c>starting_alpha * 0.0001</c>. With <see cref="Final"/> set it is gensim's: from the starting rate to
/// <see cref="Final"/> in a straight line, <c>Starting - (Starting - Final) * p</c> with <c>p</c> the fraction of
/// <see cref="TotalWords"/> done (at most 1), and never below <see cref="Final"/>. Every backend takes its rates from here.
/// </summary>
/// <param name="Starting">The starting learning rate (<see cref="TrainingOptions.StartingAlpha"/>).</param>
/// <param name="TotalWords">C's denominator, <c>iter * train_words + 1</c>.</param>
public readonly record struct LearningRateSchedule(float Starting, long TotalWords)
{
    /// <summary>The rate reached at the end of the run (<see cref="TrainingOptions.MinAlpha"/>); null for C's rule.</summary>
    public float? Final { get; init; }

    /// <summary>The schedule of a run of <paramref name="iterations"/> epochs over <paramref name="trainWords"/> words
    /// with C's rule.</summary>
    public static LearningRateSchedule For(float startingAlpha, int iterations, long trainWords) =>
        new(startingAlpha, iterations * trainWords + 1);

    /// <summary>The schedule of a run of <paramref name="iterations"/> epochs over <paramref name="trainWords"/> words
    /// that ends at <paramref name="finalAlpha"/> (null: C's rule).</summary>
    public static LearningRateSchedule For(float startingAlpha, float? finalAlpha, int iterations, long trainWords) =>
        new(startingAlpha, iterations * trainWords + 1) { Final = finalAlpha };

    /// <summary>The rate after <paramref name="wordsProcessed"/> words: C's float arithmetic and floor, or the straight
    /// line to <see cref="Final"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float At(long wordsProcessed)
    {
        if (Final is float final) return Linear(final, wordsProcessed);
        float alpha = Starting * (1 - wordsProcessed / (float)TotalWords);
        if (alpha < Starting * 0.0001) alpha = (float)(Starting * 0.0001);
        return alpha;
    }

    private float Linear(float final, long wordsProcessed)
    {
        float p = Math.Min(1f, wordsProcessed / (float)TotalWords);
        return Math.Max(final, Starting - (Starting - final) * p);
    }
}
