using System.Runtime.CompilerServices;

namespace Word2VecNative.Vectors;

/// <summary>
/// The <c>k</c> best (index, score) pairs of a scan, kept in a small min-heap whose root is the worst entry: a
/// candidate is compared with the root only, so a scan costs O(n log k) at worst and no full sort happens. Order
/// is descending score, ties by ascending index: exactly the list that the C tools' insertion loop
/// (<c>if (dist &gt; bestd[a])</c> over words in file order) produces. Only scores above <see cref="Threshold"/>
/// are taken (the C tools start their list at -1 or 0); NaN is never taken.
/// </summary>
internal sealed class TopK
{
    private readonly int[] _index;
    private readonly float[] _score;
    private int _count;

    public TopK(int k, float threshold = float.NegativeInfinity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _index = new int[k];
        _score = new float[k];
        Threshold = threshold;
    }

    public float Threshold { get; }

    public int Count => _count;

    /// <summary>A score below this cannot enter (the threshold, or the worst kept score once full).</summary>
    public float Cutoff => _count < _index.Length ? Threshold : _score[0];

    /// <summary>Offers one candidate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(int index, float score)
    {
        if (!(score > Threshold)) return;
        if (_count < _index.Length)
        {
            int i = _count++;
            _index[i] = index;
            _score[i] = score;
            SiftUp(i);
            return;
        }
        if (!Better(score, index, _score[0], _index[0])) return;
        _index[0] = index;
        _score[0] = score;
        SiftDown(0);
    }

    /// <summary>Offers every entry of another heap (merging per-thread results).</summary>
    public void AddAll(TopK other)
    {
        for (int i = 0; i < other._count; i++) Add(other._index[i], other._score[i]);
    }

    /// <summary>The kept entries, best first.</summary>
    public (int Index, float Score)[] ToSortedArray()
    {
        var r = new (int Index, float Score)[_count];
        for (int i = 0; i < _count; i++) r[i] = (_index[i], _score[i]);
        Array.Sort(r, static (a, b) => Better(a.Score, a.Index, b.Score, b.Index) ? -1 : Better(b.Score, b.Index, a.Score, a.Index) ? 1 : 0);
        return r;
    }

    private static bool Better(float s1, int i1, float s2, int i2) => s1 > s2 || (s1 == s2 && i1 < i2);

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            int p = (i - 1) >> 1;
            if (!Better(_score[p], _index[p], _score[i], _index[i])) break;
            Swap(i, p);
            i = p;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            int l = 2 * i + 1, r = l + 1, w = i;
            if (l < _count && Better(_score[w], _index[w], _score[l], _index[l])) w = l;
            if (r < _count && Better(_score[w], _index[w], _score[r], _index[r])) w = r;
            if (w == i) return;
            Swap(i, w);
            i = w;
        }
    }

    private void Swap(int a, int b)
    {
        (_index[a], _index[b]) = (_index[b], _index[a]);
        (_score[a], _score[b]) = (_score[b], _score[a]);
    }
}
