namespace Word2VecNative.Training;

/// <summary>The arithmetic of the CPU trainer (the <c>-exact</c> flag).</summary>
public enum Arithmetic
{
    /// <summary>SIMD dot products and updates with fused multiply-add; Hogwild threads. The default.</summary>
    Fast,

    /// <summary>Scalar, in the C tool's order of operations and conversions: with one thread the output is
    /// byte-identical to the C tool's.</summary>
    Exact,
}
