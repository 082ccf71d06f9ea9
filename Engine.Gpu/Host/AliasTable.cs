using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// Walker's alias table of the engine's negative-sampling distribution (<see cref="DeviceTables.UnigramStarts"/>: word w
/// fills <c>starts[w + 1] - starts[w]</c> of C's <see cref="DeviceTables.UnigramTableSize"/> slots), built with Vose's
/// method, so that a draw costs one column and one comparison instead of a search. The device draws column
/// <c>((r &gt;&gt; 16) mod 2^32 * n) &gt;&gt; 32</c> and compares <c>(r &gt;&gt; 48) / 65536</c> with its probability,
/// disjoint bits of C's generator state r.
/// </summary>
internal static class AliasTable
{
    public static (float[] Probability, int[] Alias) Build(ReadOnlySpan<int> starts)
    {
        int n = starts.Length - 1;
        var scaled = new double[n];
        for (int w = 0; w < n; w++) scaled[w] = (double)(starts[w + 1] - starts[w]) * n / DeviceTables.UnigramTableSize;
        var probability = new float[n];
        var alias = new int[n];
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (int w = 0; w < n; w++) (scaled[w] < 1 ? small : large).Push(w);
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            probability[s] = (float)scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        while (large.Count > 0)
        {
            int l = large.Pop();
            probability[l] = 1;
            alias[l] = l;
        }
        while (small.Count > 0)
        {
            int s = small.Pop();
            probability[s] = 1; // rounding left it just under 1
            alias[s] = s;
        }
        return (probability, alias);
    }

    /// <summary>The column a draw looks at for generator state <paramref name="r"/> among <paramref name="columns"/>:
    /// bits 16 to 47 of r scaled to the columns (a multiply and a shift, no division). The kernel draws with it.</summary>
    public static int Column(ulong r, int columns) => (int)((((r >> 16) & 0xFFFFFFFFUL) * (ulong)columns) >> 32);

    /// <summary>The uniform number in [0, 1) a draw compares with its column's probability: bits 48 to 63 of
    /// <paramref name="r"/>, disjoint from <see cref="Column"/>'s. The kernel draws with it.</summary>
    public static float Fraction(ulong r) => (uint)(r >> 48) * (1f / 65536f);

    /// <summary>The word drawn for generator state <paramref name="r"/> (before C's rule for word 0), as the kernel
    /// draws it.</summary>
    public static int Draw(float[] probability, int[] alias, ulong r)
    {
        int column = Column(r, probability.Length);
        return Fraction(r) < probability[column] ? column : alias[column];
    }
}
