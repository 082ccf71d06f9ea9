using System.Numerics.Tensors;
using Word2VecNative.Training;

namespace Word2VecNative.Vectors;

/// <summary>Vector arithmetic of the queries. The dot product is <see cref="SimdMath.Dot"/>, whose order of
/// operations is fixed whatever the address of its operands (rows of a managed matrix and of a mapped file at any
/// byte offset give the same bits); the element-wise operations round each element once, so they are exact
/// whatever the SIMD width.</summary>
internal static class VectorOps
{
    public static unsafe float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (x.Length != y.Length) Throw.Argument(nameof(y), "the vectors differ in length");
        fixed (float* px = x)
        fixed (float* py = y)
            return SimdMath.Dot(px, py, x.Length);
    }

    public static void Add(Span<float> sum, ReadOnlySpan<float> v) => TensorPrimitives.Add(sum, v, sum);

    public static void Subtract(Span<float> sum, ReadOnlySpan<float> v) => TensorPrimitives.Subtract(sum, v, sum);

    public static void Divide(Span<float> v, float divisor) => TensorPrimitives.Divide(v, divisor, v);
}
