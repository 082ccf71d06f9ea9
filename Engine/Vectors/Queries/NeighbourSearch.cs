using System.Runtime.CompilerServices;

namespace Word2VecNative.Vectors;

/// <summary>Scores a block of consecutive rows (one score per element of the destination).</summary>
internal interface IRowScorer
{
    void Score(VectorStore store, int from, Span<float> destination);
}

/// <summary>Cosine with a unit query: <see cref="VectorStore.Score"/>.</summary>
internal readonly struct CosineScorer(float[] query) : IRowScorer
{
    public void Score(VectorStore store, int from, Span<float> destination) => store.Score(from, query, destination);
}

/// <summary>gensim's 3CosMul score: the product over the positive unit queries of <c>(1 + cos) / 2</c>, divided by the
/// product over the negative ones plus 1e-6, in float and in gensim's order of operations.</summary>
internal readonly struct CosMulScorer(float[][] positive, float[][] negative) : IRowScorer
{
    private const float Epsilon = 0.000001f;

    public void Score(VectorStore store, int from, Span<float> destination)
    {
        int n = destination.Length;
        Span<float> cos = stackalloc float[n];
        Span<float> below = stackalloc float[n];
        below.Fill(1f);
        for (int t = 0; t < positive.Length; t++)
        {
            store.Score(from, positive[t], cos);
            for (int r = 0; r < n; r++)
            {
                float d = (1 + cos[r]) / 2;
                destination[r] = t == 0 ? d : destination[r] * d;
            }
        }
        for (int t = 0; t < negative.Length; t++)
        {
            store.Score(from, negative[t], cos);
            for (int r = 0; r < n; r++)
            {
                float d = (1 + cos[r]) / 2;
                below[r] = t == 0 ? d : below[r] * d;
            }
        }
        for (int r = 0; r < n; r++) destination[r] /= below[r] + Epsilon;
    }
}

/// <summary>
/// The scans behind every query: each row is scored against a query (<see cref="IRowScorer"/>, a struct so the scan
/// is compiled once per kind of score), and the best are kept in a small heap (<see cref="TopK"/>), never by sorting
/// all scores; or every score is written out. Large matrices are scanned in parallel chunks. Ties go to the earlier
/// row, as in the C programs' insertion loop.
/// </summary>
internal static class NeighbourSearch
{
    private const long ParallelThreshold = 1 << 20;
    private const int Block = 256;

    /// <summary>Best <paramref name="k"/> of the first <paramref name="rows"/> rows by cosine with the unit
    /// <paramref name="query"/>, scores above <paramref name="threshold"/>, rows in <paramref name="exclude"/> skipped.</summary>
    public static (int Index, float Score)[] Search(VectorStore store, float[] query, int k, float threshold, int[] exclude, int rows) =>
        Search(store, new CosineScorer(query), k, threshold, exclude, rows);

    /// <summary>Best <paramref name="k"/> of the first <paramref name="rows"/> rows by <paramref name="scorer"/>.</summary>
    public static (int Index, float Score)[] Search<TScorer>(VectorStore store, TScorer scorer, int k, float threshold, int[] exclude, int rows)
        where TScorer : struct, IRowScorer
    {
        if (rows <= 0 || k <= 0) return [];
        // The heap never needs more than every row; k near int.MaxValue must not overflow it.
        int heap = (int)Math.Min((long)Math.Min(k, rows) + exclude.Length, rows);
        int parts = Parts(rows, store.Size);
        TopK top;
        if (parts <= 1)
        {
            top = new TopK(heap, threshold);
            Scan(store, scorer, 0, rows, top);
        }
        else
        {
            var tops = new TopK[parts];
            InParallel(parts, p =>
            {
                var (lo, hi) = Range(rows, parts, p);
                var t = new TopK(heap, threshold);
                Scan(store, scorer, lo, hi, t);
                tops[p] = t;
            });
            top = tops[0];
            for (int p = 1; p < parts; p++) top.AddAll(tops[p]);
        }
        var all = top.ToSortedArray();
        if (exclude.Length == 0) return all.Length > k ? all[..k] : all;
        return all.Where(e => Array.IndexOf(exclude, e.Index) < 0).Take(k).ToArray();
    }

    /// <summary>The cosine of each of the first <c>scores.Length</c> rows with the unit <paramref name="query"/>.</summary>
    public static void ScoreAll(VectorStore store, float[] query, float[] scores, int rows)
    {
        int parts = Parts(rows, store.Size);
        InParallel(parts, p =>
        {
            var (lo, hi) = Range(rows, parts, p);
            for (int start = lo; start < hi; start += Block)
                store.Score(start, query, scores.AsSpan(start, Math.Min(Block, hi - start)));
        });
    }

    /// <summary>Parallel.For, throwing what a chunk threw (a mapped file that changed while in use) as itself rather than
    /// wrapped in an <see cref="AggregateException"/>.</summary>
    private static void InParallel(int parts, Action<int> body)
    {
        try
        {
            Parallel.For(0, parts, body);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
        }
    }

    // Several chunks per core: a core taken by another thread then delays the scan by one small chunk only.
    private static int Parts(int rows, int size) => (long)rows * size >= ParallelThreshold
        ? (int)Math.Clamp((long)rows * size / (ParallelThreshold / 4), 1, Environment.ProcessorCount * 4L)
        : 1;

    private static (int Lo, int Hi) Range(int rows, int parts, int p) => ((int)((long)rows * p / parts), (int)((long)rows * (p + 1) / parts));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scan<TScorer>(VectorStore store, TScorer scorer, int from, int to, TopK top) where TScorer : struct, IRowScorer
    {
        // Scores a block of rows, then offers only those that beat the heap's current worst entry.
        Span<float> scores = stackalloc float[Block];
        for (int start = from; start < to; start += Block)
        {
            int n = Math.Min(Block, to - start);
            scorer.Score(store, start, scores[..n]);
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
