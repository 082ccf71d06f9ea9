using Word2VecNative.Vectors;

namespace Word2VecNative.Training;

/// <summary>word2vec.c's k-means over the word vectors (10 iterations, classes seeded round-robin, centroids
/// normalised to unit length, assignment by largest dot product). The centroid sums run in C's order; the
/// assignment of each word is independent of the others, so it runs in parallel with the same results.</summary>
internal static class KMeans
{
    public const int Iterations = 10;

    public static int[] Cluster(ReadOnlySpan<float> vectors, int words, int size, int classes, Arithmetic arithmetic)
    {
        if (classes <= 0) Throw.Argument(nameof(classes), "classes must be positive");
        unsafe
        {
            fixed (float* syn0 = vectors)
            {
                return arithmetic == Arithmetic.Exact
                    ? Run<ScalarMath>(syn0, words, size, classes)
                    : Run<SimdMath>(syn0, words, size, classes);
            }
        }
    }

    private static unsafe int[] Run<TMath>(float* syn0, int words, int size, int clcn) where TMath : struct, IVectorMath
    {
        var centcn = new int[clcn];
        var cl = new int[words];
        var cent = new float[(long)clcn * size];
        for (int a = 0; a < words; a++) cl[a] = a % clcn;
        fixed (float* centPtr = cent)
        {
            float* c0 = centPtr;
            float* s0 = syn0;
            for (int it = 0; it < Iterations; it++)
            {
                Array.Clear(cent);
                Array.Fill(centcn, 1);
                for (int c = 0; c < words; c++)
                {
                    float* dst = c0 + (long)size * cl[c];
                    float* src = s0 + (long)c * size;
                    for (int d = 0; d < size; d++) dst[d] += src[d];
                    centcn[cl[c]]++;
                }
                for (int b = 0; b < clcn; b++)
                {
                    var row = new Span<float>(c0 + (long)size * b, size);
                    for (int c = 0; c < size; c++) row[c] /= centcn[b];
                    UnitLength.Normalize(row);
                }
                Parallel.For(0, words, c =>
                {
                    float closev = -10;
                    int closeid = 0;
                    float* w = s0 + (long)c * size;
                    for (int d = 0; d < clcn; d++)
                    {
                        float x = TMath.Dot(c0 + (long)size * d, w, size);
                        if (x > closev)
                        {
                            closev = x;
                            closeid = d;
                        }
                    }
                    cl[c] = closeid;
                });
            }
        }
        return cl;
    }
}
