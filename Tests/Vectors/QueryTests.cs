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
        Assert.Throws<ArgumentOutOfRangeException>(() => v.MostSimilarCosmul(["w1"], topN: 0));
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
        Assert.Throws<ArgumentException>(() => v.Nearest(new float[8]), "zero vector");
        Assert.Throws<ArgumentException>(() => v.MostSimilar(["king", null!]));
        Assert.Throws<ArgumentNullException>(() => v.IndexOf(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.Vector(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.MostSimilar("king", 0));
        var mismatch = Assert.Throws<ArgumentException>(() => v.Distances(new float[9]));
        Assert.That(mismatch!.Message, Does.StartWith("the vector has 9 components, the words have 8"));
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
