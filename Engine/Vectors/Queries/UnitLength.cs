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
    /// in <paramref name="rows"/>. Eight rows are summed side by side (eight independent chains of additions instead of
    /// one), each still in C's order, so every length has the bits of <see cref="Length"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Lengths(ReadOnlySpan<float> rows, int size, Span<float> destination)
    {
        int n = destination.Length, r = 0;
        if ((long)n * size > rows.Length) throw new ArgumentException("fewer rows than lengths", nameof(rows));
        fixed (float* m = rows)
        {
            for (; r + 8 <= n; r += 8)
            {
                float* p = m + (long)r * size;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
                for (int a = 0; a < size; a++)
                {
                    float x0 = p[a], x1 = p[a + size], x2 = p[a + 2 * size], x3 = p[a + 3 * size];
                    float x4 = p[a + 4 * size], x5 = p[a + 5 * size], x6 = p[a + 6 * size], x7 = p[a + 7 * size];
                    s0 += x0 * x0;
                    s1 += x1 * x1;
                    s2 += x2 * x2;
                    s3 += x3 * x3;
                    s4 += x4 * x4;
                    s5 += x5 * x5;
                    s6 += x6 * x6;
                    s7 += x7 * x7;
                }
                destination[r] = (float)Math.Sqrt(s0);
                destination[r + 1] = (float)Math.Sqrt(s1);
                destination[r + 2] = (float)Math.Sqrt(s2);
                destination[r + 3] = (float)Math.Sqrt(s3);
                destination[r + 4] = (float)Math.Sqrt(s4);
                destination[r + 5] = (float)Math.Sqrt(s5);
                destination[r + 6] = (float)Math.Sqrt(s6);
                destination[r + 7] = (float)Math.Sqrt(s7);
            }
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
