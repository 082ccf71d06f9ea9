using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The gensim-style queries against their formulas computed directly (in double), and their errors.</summary>
public class QueryTests
{
    private static WordVectors Random(int words = 500, int size = 16, bool normalize = false) =>
        WordVectors.Load(new MemoryStream(MappedVectorsTests.RandomFile(words, size, seed: 21)), normalize: normalize);

    private static double Cos(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double d = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            d += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return d / Math.Sqrt(na * nb);
    }

    [Test]
    public void MostSimilarCosmul_IsGensimsFormula()
    {
        var v = Random();
        string[] pos = ["w1", "w2"], neg = ["w30"];
        double Score(int i) =>
            pos.Aggregate(1.0, (p, w) => p * (1 + Cos(v.Vector(i), v.Vector(w))) / 2)
            / (neg.Aggregate(1.0, (p, w) => p * (1 + Cos(v.Vector(i), v.Vector(w))) / 2) + 1e-6);
        var expected = Enumerable.Range(0, v.Count).Where(i => i is not (1 or 2 or 30) && i != 11)
            .Select(i => (i, s: Score(i))).OrderByDescending(t => t.s).Take(10).ToArray();
        var got = v.MostSimilarCosmul(pos, neg, 10);
        Assert.That(got.Select(n => n.Index), Is.EqualTo(expected.Select(e => e.i)));
        for (int k = 0; k < 10; k++) Assert.That(got[k].Similarity, Is.EqualTo(expected[k].s).Within(1e-6));
        // One positive word: the order of most-similar.
        Assert.That(v.MostSimilarCosmul(["w5"], topN: 15).Select(n => n.Index), Is.EqualTo(v.MostSimilar("w5", 15).Select(n => n.Index)));
        Assert.Throws<ArgumentException>(() => v.MostSimilarCosmul([], ["w1"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.MostSimilarCosmul(["w1"], topN: -1));
    }

    [Test]
    public void NSimilarity_IsTheCosineOfTheMeans()
    {
        var v = Random();
        var m1 = new double[v.Size];
        var m2 = new double[v.Size];
        foreach (var w in new[] { "w1", "w2", "w3" }) for (int a = 0; a < v.Size; a++) m1[a] += v.Vector(w)[a];
        for (int a = 0; a < v.Size; a++) m2[a] = v.Vector("w40")[a];
        double expected = Cos(m1.Select(x => (float)x).ToArray(), m2.Select(x => (float)x).ToArray());
        Assert.That(v.NSimilarity(["w1", "w2", "w3"], ["w40"]), Is.EqualTo(expected).Within(1e-6));
        Assert.That(v.NSimilarity(["w8"], ["w8"]), Is.EqualTo(1f).Within(1e-6));
        Assert.Throws<ArgumentException>(() => v.NSimilarity([], ["w1"]));
        Assert.Throws<KeyNotFoundException>(() => v.NSimilarity(["w1", "nope"], ["w2"]));
    }

    [Test]
    public void DoesntMatch_FindsTheOddWordAndIgnoresUnknownWords()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.DoesntMatch(["king", "queen", "man", "woman", "apple"]), Is.EqualTo("apple"));
        Assert.That(v.DoesntMatch(["paris", "rome", "france", "italy", "nope", "king"]), Is.EqualTo("king"));
        Assert.That(v.DoesntMatch(["queen"]), Is.EqualTo("queen"));
        Assert.Throws<ArgumentException>(() => v.DoesntMatch(["nope", "nada"]));
        Assert.Throws<ArgumentException>(() => v.DoesntMatch([]));
    }

    [Test]
    public void Distances_CloserThanAndRank_AgreeWithCosines()
    {
        var v = Random();
        var all = v.Distances("w9");
        Assert.That(all, Has.Length.EqualTo(v.Count));
        for (int i = 0; i < v.Count; i += 37)
            if (i != 11) Assert.That(all[i], Is.EqualTo(1 - Cos(v.Vector(9), v.Vector(i))).Within(1e-6), $"row {i}");
        Assert.That(all[9], Is.EqualTo(0f).Within(1e-6));
        Assert.That(all[11], Is.NaN, "a zero row has no direction");
        Assert.That(v.Distances("w9", ["w4", "w9"]), Is.EqualTo(new[] { all[4], all[9] }));
        Assert.That(v.Distances(v.Vector("w9")), Is.EqualTo(all));
        Assert.That(v.Distance("w9", "w4"), Is.EqualTo(1 - v.Similarity("w9", "w4")));

        var closer = v.CloserThan("w9", "w4");
        var expected = Enumerable.Range(0, v.Count).Where(i => i != 9 && all[i] < all[4]).Select(v.Word);
        Assert.That(closer, Is.EqualTo(expected));
        Assert.That(v.Rank("w9", "w4"), Is.EqualTo(closer.Count + 1));
        var nearest = v.MostSimilar("w9", 1)[0].Word;
        Assert.That(v.Rank("w9", nearest), Is.EqualTo(1));
        Assert.That(v.CloserThan("w9", nearest), Is.Empty);
        Assert.Throws<ArgumentException>(() => v.Distances(new float[3]));
        Assert.Throws<KeyNotFoundException>(() => v.Distances("w9", ["nope"]));
    }

    [Test]
    public void MeanVector_AveragesUnitVectorsAndSkipsUnknownWords()
    {
        var v = VectorFixtures.Load();
        var mean = v.MeanVector(["king", "nope", "queen"]);
        var expected = v.UnitVector("king").Zip(v.UnitVector("queen"), (a, b) => (a + b) / 2).ToArray();
        Assert.That(mean, Is.EqualTo(expected).Within(1e-7));
        var raw = v.MeanVector(["king", "queen"], unitWords: false);
        Assert.That(raw, Is.EqualTo(v.Vector("king").ToArray().Zip(v.Vector("queen").ToArray(), (a, b) => (a + b) / 2)));
        Assert.That(v.MeanVector(["nope", "nada"]), Is.EqualTo(new float[8]), "no known word: the zero vector");
        Assert.Throws<KeyNotFoundException>(() => v.MeanVector(["king", "nope"], skipUnknown: false));
        Assert.Throws<ArgumentException>(() => v.MeanVector([]));
    }

    [Test]
    public void Vectors_AsSpanMemoryAndTryGet_WithoutCopies()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.VectorMemory("queen").Span == v.Vector("queen"), Is.True, "the same memory");
        Assert.That(v.Vector(2) == v.Vectors.Slice(16, 8), Is.True);
        Assert.That(v.TryGetVector("paris", out var paris), Is.True);
        Assert.That(paris == v.Vector(5), Is.True);
        Assert.That(v.TryGetVector("nope", out var none), Is.False);
        Assert.That(none.IsEmpty, Is.True);
        Assert.That(v.IsMemoryMapped, Is.False);
        v.Dispose();
        Assert.That(v.Similarity("king", "queen"), Is.GreaterThan(0), "nothing to release in managed memory");
    }

    [Test]
    public void UnitVectorAndNorm_AreCsFloatArithmetic()
    {
        var v = Random();
        for (int i = 0; i < v.Count; i += 13)
        {
            var row = v.Vector(i);
            float len = 0;
            for (int a = 0; a < row.Length; a++) len += row[a] * row[a];
            len = (float)Math.Sqrt(len);
            Assert.That(BitConverter.SingleToInt32Bits(v.Norm(i)), Is.EqualTo(BitConverter.SingleToInt32Bits(len)));
            var unit = v.UnitVector(i);
            for (int a = 0; a < row.Length; a++)
                Assert.That(BitConverter.SingleToInt32Bits(unit[a]), Is.EqualTo(BitConverter.SingleToInt32Bits(row[a] / len)));
        }
    }

    [Test]
    public void Normalize_KeepsOnlyUnitRowsAndAnswersTheSame()
    {
        var raw = Random();
        var unit = Random(normalize: true);
        Assert.That(unit.IsNormalized, Is.True);
        Assert.That(raw.IsNormalized, Is.False);
        for (int i = 0; i < raw.Count; i += 11)
        {
            Assert.That(MappedVectorsTests.Bits(unit.Vector(i)), Is.EqualTo(MappedVectorsTests.Bits(raw.UnitVector(i))), $"row {i}");
            Assert.That(unit.Norm(i), Is.EqualTo(1f));
        }
        // The C paths use the unit rows either way: the same bits.
        var t1 = new CToolQueries(raw);
        var t2 = new CToolQueries(unit);
        Assert.That(MappedVectorsTests.Render(t2.Distance([3, 4])), Is.EqualTo(MappedVectorsTests.Render(t1.Distance([3, 4]))));
        Assert.That(unit.Similarity("w3", "w4"), Is.EqualTo(raw.Similarity("w3", "w4")));
        // Scans divide by the length instead of reading unit rows: the same words, scores within a rounding.
        var a = raw.MostSimilar("w3", 20);
        var b = unit.MostSimilar("w3", 20);
        for (int k = 0; k < 20; k++) Assert.That(b[k].Similarity, Is.EqualTo(a[k].Similarity).Within(1e-6));
    }

    [Test]
    public void Queries_EmptyListsAndWrongDimensions_OneClearException()
    {
        var v = VectorFixtures.Load();
        var e = Assert.Throws<ArgumentException>(() => v.MostSimilar([], []));
        Assert.That(e!.Message, Does.StartWith("most-similar needs at least one word"));
        Assert.Throws<ArgumentException>(() => v.Nearest(new float[3]));
        Assert.Throws<ArgumentException>(() => v.MostSimilar(["king", null!]));
        Assert.Throws<ArgumentNullException>(() => v.IndexOf(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Vector(10));
        var mismatch = Assert.Throws<ArgumentException>(() => v.Distances(new float[9]));
        Assert.That(mismatch!.Message, Does.StartWith("the vector has 9 components, the words have 8"));
    }

    /// <summary>topN = 0 asks for nothing and gets nothing, as in gensim (its most_similar returns [] for topn &lt; 1);
    /// the words are still checked. A negative topN is a bug in the caller: one line.</summary>
    [Test]
    public void Queries_TopNZero_IsAnEmptyListAsInGensim()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.MostSimilar("king", 0), Is.Empty);
        Assert.That(v.MostSimilar(["king", "woman"], ["man"], topN: 0), Is.Empty);
        Assert.That(v.MostSimilarCosmul(["king", "woman"], ["man"], topN: 0), Is.Empty);
        Assert.That(v.Analogy("man", "king", "woman", topN: 0), Is.Empty);
        Assert.That(v.Nearest(v.Vector("king"), 0), Is.Empty);
        Assert.Throws<KeyNotFoundException>(() => v.MostSimilar("atlantis", 0));
        foreach (var call in new Action[]
        {
            () => v.MostSimilar("king", -1), () => v.MostSimilarCosmul(["king"], topN: -1),
            () => v.Analogy("man", "king", "woman", -1), () => v.Nearest(v.Vector("king"), -1),
        })
        {
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => call());
            Assert.That(e!.Message, Does.Contain("0 or more").And.Not.Contain("\n"));
        }
    }

    /// <summary>One rule for a query vector of zero length, wherever it comes from (a raw vector, words that cancel,
    /// a word stored as zeros, the mean of unknown words): it has no direction, so it has no neighbours (an empty
    /// list) and its cosine with any word is NaN (as a zero row's is). A NaN or infinite raw vector is a bad argument.</summary>
    [Test]
    public void Queries_ZeroQueryVector_HasNoNeighboursEverywhere()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.MostSimilar(["king"], ["king"]), Is.Empty);
        Assert.That(v.Nearest(new float[8]), Is.Empty);
        Assert.That(v.Nearest(v.MeanVector(["nope", "nada"])), Is.Empty);
        Assert.That(v.Distances(new float[8]), Has.Length.EqualTo(v.Count).And.All.NaN);
        var r = Random();
        Assert.That(r.Vector(11).ToArray(), Has.All.Zero, "the fixture's zero row");
        Assert.That(r.MostSimilar("w11"), Is.Empty);
        Assert.That(r.MostSimilarCosmul(["w11"]), Is.Empty);
        Assert.That(r.Nearest(r.Vector(11)), Is.Empty);
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity })
        {
            var q = new float[8];
            q[3] = bad;
            var e = Assert.Throws<ArgumentException>(() => v.Nearest(q));
            Assert.That(e!.Message, Does.Contain("NaN or infinite").And.Not.Contain("\n"));
            Assert.Throws<ArgumentException>(() => v.Distances(q));
        }
    }

    [Test]
    public void Save_WritesTheStoredRows()
    {
        var v = VectorFixtures.Load();
        using var ms = new MemoryStream();
        v.Save(ms, binary: false);
        Assert.That(Encoding.ASCII.GetString(ms.ToArray()), Is.EqualTo(Encoding.ASCII.GetString(VectorFixtures.File(false))));
    }
}
