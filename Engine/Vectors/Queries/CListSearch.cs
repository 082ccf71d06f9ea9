namespace Word2VecNative.Vectors;

/// <summary>
/// The C programs' list of the <c>n</c> best rows (distance.c, word-analogy.c, compute-accuracy.c), with their
/// figures to the bit. Their score of a row is <c>Σ vec[a] * unit[a]</c> summed in float in order, where
/// <c>unit[a] = row[a] / len</c> is a float division by the row's C length; a row enters the list when its score
/// is above the list's start value (-1 or 0), ties going to the earlier row. Scoring every row that way is a
/// scalar dependency chain, so every row is scored first with SIMD (<c>dot(row, vec) / len</c>), which differs
/// from C's score by less than half of <see cref="Margin"/>; only the rows within the margin of the n-th best
/// (and any whose SIMD score is NaN) are scored again in C's arithmetic, and the list is made from those.
/// </summary>
internal static class CListSearch
{
    /// <summary>The list for <paramref name="vec"/> over the first <paramref name="rows"/> rows, best first, with C's
    /// scores. <paramref name="scores"/> is scratch space of at least <paramref name="rows"/> floats.</summary>
    public static (int Index, float Score)[] Best(VectorStore store, float[] vec, int n, float start, int[] exclude, int rows, float[] scores)
    {
        if (rows <= 0) return [];
        NeighbourSearch.ScoreAll(store, vec, scores, rows);
        float margin = Margin(store.Size, UnitLength.Length(vec));
        var top = new TopK((int)Math.Min((long)n + exclude.Length, rows), start - margin);
        for (int c = 0; c < rows; c++) top.Add(c, scores[c]);
        var best = top.ToSortedArray().Where(e => Array.IndexOf(exclude, e.Index) < 0).ToArray();
        float nth = best.Length >= n ? best[n - 1].Score : float.NegativeInfinity;
        float cut = Math.Max(nth, start) - margin;

        var size = store.Size;
        var unit = new float[size];
        var found = new List<(int Index, float Score)>();
        for (int c = 0; c < rows; c++)
        {
            float s = scores[c];
            if (!(s >= cut || float.IsNaN(s)) || Array.IndexOf(exclude, c) >= 0) continue;
            store.Unit(c, unit);
            float dist = Dot(vec, unit);
            if (dist > start) found.Add((c, dist));
        }
        found.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Index.CompareTo(b.Index));
        return found.Count > n ? found.GetRange(0, n).ToArray() : found.ToArray();
    }

    /// <summary>The C programs' score: a float sum of products, in order.</summary>
    public static float Dot(ReadOnlySpan<float> vec, ReadOnlySpan<float> unit)
    {
        float dist = 0;
        for (int a = 0; a < vec.Length; a++) dist += vec[a] * unit[a];
        return dist;
    }

    /// <summary>Twice a bound on how far a SIMD score may lie from C's for a query of length
    /// <paramref name="queryLength"/> and rows of <paramref name="size"/> floats: each sum of <c>size</c> products
    /// of numbers of at most unit length errs by less than <c>(size + 2)</c> roundings of 2^-24 times the lengths'
    /// product, so two of them differ by less than twice that; doubled again for the n-th best, and a floor.</summary>
    public static float Margin(int size, float queryLength) =>
        8f * (size + 2) * MathF.Pow(2, -24) * (float.IsFinite(queryLength) ? Math.Max(1f, queryLength) : 1f) + 1e-6f;
}
