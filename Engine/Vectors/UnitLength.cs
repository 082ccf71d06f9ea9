using System.Numerics.Tensors;

namespace Word2VecNative.Vectors;

/// <summary>Unit-length arithmetic exactly as the C programs do it (word2vec's k-means, distance, word-analogy,
/// compute-accuracy): a float sum of squares in order, its square root rounded to float, a float division.</summary>
internal static class UnitLength
{
    /// <summary>Divides <paramref name="v"/> by its length and returns the length. A zero vector divides to NaN, as
    /// in C, and is never anybody's neighbour; callers that must not see NaN check the length.</summary>
    public static float Normalize(Span<float> v)
    {
        float len = 0;
        for (int a = 0; a < v.Length; a++) len += v[a] * v[a];
        len = (float)Math.Sqrt(len);
        TensorPrimitives.Divide(v, len, v);
        return len;
    }

    /// <summary>Writes the unit vector of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        float len = 0;
        for (int a = 0; a < source.Length; a++) len += source[a] * source[a];
        len = (float)Math.Sqrt(len);
        TensorPrimitives.Divide(source, len, destination);
    }

    /// <summary>The analogy vector of word-analogy and compute-accuracy, <c>b - a + c</c> over unit rows, in C's
    /// order (<c>(b - a) + c</c>), not yet normalised.</summary>
    public static void Analogy(ReadOnlySpan<float> unit, int size, int a, int b, int c, Span<float> destination)
    {
        var ra = unit.Slice(a * size, size);
        var rb = unit.Slice(b * size, size);
        var rc = unit.Slice(c * size, size);
        for (int k = 0; k < size; k++) destination[k] = rb[k] - ra[k] + rc[k];
    }
}
