using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

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

    /// <summary>The C length of <paramref name="v"/>: a float sum of squares in order, its square root rounded to float.</summary>
    public static float Length(ReadOnlySpan<float> v)
    {
        float len = 0;
        for (int a = 0; a < v.Length; a++) len += v[a] * v[a];
        return (float)Math.Sqrt(len);
    }

    /// <summary>The C length of each of <c>destination.Length</c> rows of <paramref name="size"/> floats, back to back
    /// in <paramref name="rows"/>. Four rows are summed side by side (four independent chains instead of one), each
    /// still in C's order, so every length has the bits of <see cref="Length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lengths(ReadOnlySpan<float> rows, int size, Span<float> destination)
    {
        int n = destination.Length, r = 0;
        for (; r + 4 <= n; r += 4)
        {
            var r0 = rows.Slice(r * size, size);
            var r1 = rows.Slice((r + 1) * size, size);
            var r2 = rows.Slice((r + 2) * size, size);
            var r3 = rows.Slice((r + 3) * size, size);
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int a = 0; a < size; a++)
            {
                s0 += r0[a] * r0[a];
                s1 += r1[a] * r1[a];
                s2 += r2[a] * r2[a];
                s3 += r3[a] * r3[a];
            }
            destination[r] = (float)Math.Sqrt(s0);
            destination[r + 1] = (float)Math.Sqrt(s1);
            destination[r + 2] = (float)Math.Sqrt(s2);
            destination[r + 3] = (float)Math.Sqrt(s3);
        }
        for (; r < n; r++) destination[r] = Length(rows.Slice(r * size, size));
    }

    /// <summary>The C length of every row of a matrix, large matrices on several threads.</summary>
    public static float[] Lengths(float[] matrix, int size, int rows)
    {
        var lengths = new float[rows];
        int parts = (long)rows * size >= 1 << 20 ? Environment.ProcessorCount * 4 : 1;
        Parallel.For(0, parts, p =>
        {
            int from = (int)((long)rows * p / parts), to = (int)((long)rows * (p + 1) / parts);
            Lengths(matrix.AsSpan(from * size, (to - from) * size), size, lengths.AsSpan(from, to - from));
        });
        return lengths;
    }

    /// <summary>Divides every row of a matrix by its C length, in place (large matrices on several threads); a zero
    /// row becomes NaN, as in C.</summary>
    public static void NormalizeRows(float[] matrix, int size, int rows)
    {
        int parts = (long)rows * size >= 1 << 20 ? Environment.ProcessorCount * 4 : 1;
        Parallel.For(0, parts, p =>
        {
            int from = (int)((long)rows * p / parts), to = (int)((long)rows * (p + 1) / parts);
            for (int b = from; b < to; b++) Normalize(matrix.AsSpan(b * size, size));
        });
    }

    /// <summary>Writes the unit vector of <paramref name="source"/> into <paramref name="destination"/>.</summary>
    public static void Normalize(ReadOnlySpan<float> source, Span<float> destination) =>
        TensorPrimitives.Divide(source, Length(source), destination);

    /// <summary>The analogy vector of word-analogy and compute-accuracy, <c>b - a + c</c> over the unit rows of
    /// <paramref name="store"/>, in C's order (<c>(b - a) + c</c>), not yet normalised.</summary>
    public static void Analogy(VectorStore store, int a, int b, int c, Span<float> destination)
    {
        int size = store.Size;
        var ua = new float[size];
        var uc = new float[size];
        store.Unit(a, ua);
        store.Unit(b, destination);
        store.Unit(c, uc);
        for (int k = 0; k < size; k++) destination[k] = destination[k] - ua[k] + uc[k];
    }
}
