namespace Word2VecNative.Training;

/// <summary>The arithmetic of the CPU trainer (the <c>-exact</c> and <c>-batch</c> flags).</summary>
public enum Arithmetic
{
    /// <summary>SIMD dot products and updates with fused multiply-add; Hogwild threads. The default.</summary>
    Fast,

    /// <summary>Scalar, in the C tool's order of operations and conversions: with one thread the output is
    /// byte-identical to the C tool's.</summary>
    Exact,

    /// <summary>Not the C tool's arithmetic: skip-gram trains a centre word's whole window at once, as small matrix
    /// products (Intel's HogBatch). Every context word of the window is trained against the output rows as they were at
    /// the window's start, and with negative sampling the window's context words share one draw of negatives
    /// (C draws new ones for every pair). Faster than <see cref="Fast"/> for skip-gram, at the same quality; CBOW,
    /// which already trains one hidden vector per word, runs the fast step.</summary>
    Batched,
}
