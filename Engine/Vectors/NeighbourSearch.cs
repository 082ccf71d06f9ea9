using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Word2VecNative.Vectors;

/// <summary>
/// The scan behind every neighbour query: each row of a unit-length matrix is scored against a unit query with
/// <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, and the best are kept in a small
/// heap (<see cref="TopK"/>), never by sorting all scores. Large matrices are scanned in parallel chunks. Ties go to
/// the earlier row, as in the C programs' insertion loop.
/// </summary>
internal static class NeighbourSearch
{
    private const long ParallelThreshold = 1 << 20;

    /// <summary>Best <paramref name="k"/> rows among the first <paramref name="rows"/> by dot product with
    /// <paramref name="query"/>, scores above <paramref name="threshold"/>, rows in <paramref name="exclude"/> skipped.</summary>
    public static (int Index, float Score)[] Search(float[] unit, int size, float[] query, int k, float threshold, int[] exclude, int rows)
    {
        if (rows <= 0 || k <= 0) return [];
        // The heap never needs more than every row; k near int.MaxValue must not overflow it.
        int heap = (int)Math.Min((long)Math.Min(k, rows) + exclude.Length, rows);
        // Several chunks per core: a core taken by another thread then delays the scan by one small chunk only.
        int parts = (long)rows * size >= ParallelThreshold
            ? (int)Math.Clamp((long)rows * size / (ParallelThreshold / 4), 1, Environment.ProcessorCount * 4L)
            : 1;
        TopK top;
        if (parts <= 1)
        {
            top = new TopK(heap, threshold);
            Scan(unit, size, query, 0, rows, top);
        }
        else
        {
            var tops = new TopK[parts];
            Parallel.For(0, parts, p =>
            {
                int lo = (int)((long)rows * p / parts), hi = (int)((long)rows * (p + 1) / parts);
                var t = new TopK(heap, threshold);
                Scan(unit, size, query, lo, hi, t);
                tops[p] = t;
            });
            top = tops[0];
            for (int p = 1; p < parts; p++) top.AddAll(tops[p]);
        }
        var all = top.ToSortedArray();
        if (exclude.Length == 0) return all.Length > k ? all[..k] : all;
        return all.Where(e => Array.IndexOf(exclude, e.Index) < 0).Take(k).ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan(float[] unit, int size, float[] query, int from, int to, TopK top)
    {
        // Scores a block of rows, then offers only those that beat the heap's current worst entry.
        const int Block = 256;
        Span<float> scores = stackalloc float[Block];
        var q = new ReadOnlySpan<float>(query);
        for (int start = from; start < to; start += Block)
        {
            int n = Math.Min(Block, to - start);
            for (int r = 0; r < n; r++) scores[r] = TensorPrimitives.Dot(new ReadOnlySpan<float>(unit, (start + r) * size, size), q);
            float cut = top.Cutoff;
            for (int r = 0; r < n; r++)
            {
                if (scores[r] >= cut)
                {
                    top.Add(start + r, scores[r]);
                    cut = top.Cutoff;
                }
            }
        }
    }
}
