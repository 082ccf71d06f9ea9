using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

public class TopKTests
{
    /// <summary>The C tools' list: insert at the first slot whose score is lower.</summary>
    private static List<(int, float)> CInsertion(float[] scores, int n, float start)
    {
        var bestd = Enumerable.Repeat(start, n).ToArray();
        var besti = Enumerable.Repeat(-1, n).ToArray();
        for (int c = 0; c < scores.Length; c++)
            for (int a = 0; a < n; a++)
                if (scores[c] > bestd[a])
                {
                    for (int d = n - 1; d > a; d--) { bestd[d] = bestd[d - 1]; besti[d] = besti[d - 1]; }
                    bestd[a] = scores[c];
                    besti[a] = c;
                    break;
                }
        return Enumerable.Range(0, n).Where(a => besti[a] >= 0).Select(a => (besti[a], bestd[a])).ToList();
    }

    [TestCase(1, 0f)]
    [TestCase(5, -1f)]
    [TestCase(40, 0f)]
    public void TopK_EqualsCInsertionLoop_WithTies(int k, float start)
    {
        var rnd = new Random(k);
        var scores = Enumerable.Range(0, 3000).Select(_ => (float)Math.Round(rnd.NextDouble() * 2 - 1, 2)).ToArray();
        scores[17] = float.NaN;
        var top = new TopK(k, start);
        for (int i = 0; i < scores.Length; i++) top.Add(i, scores[i]);
        var got = top.ToSortedArray().Select(e => (e.Index, e.Score)).ToList();
        Assert.That(got, Is.EqualTo(CInsertion(scores, k, start)));
    }

    [Test]
    public void TopK_MergeOfPartsEqualsOneScan()
    {
        var rnd = new Random(9);
        var scores = Enumerable.Range(0, 1000).Select(_ => (float)Math.Round(rnd.NextDouble(), 1)).ToArray();
        var whole = new TopK(10);
        for (int i = 0; i < scores.Length; i++) whole.Add(i, scores[i]);
        var merged = new TopK(10);
        foreach (var (lo, hi) in new[] { (500, 1000), (0, 500) })
        {
            var part = new TopK(10);
            for (int i = lo; i < hi; i++) part.Add(i, scores[i]);
            merged.AddAll(part);
        }
        Assert.That(merged.ToSortedArray(), Is.EqualTo(whole.ToSortedArray()));
    }
}
