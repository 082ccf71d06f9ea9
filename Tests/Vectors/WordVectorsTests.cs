using System.Numerics.Tensors;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

public class WordVectorsTests
{
    [TestCase(true)]
    [TestCase(false)]
    public void WordVectors_Load_ReadsWordsAndVectors(bool binary)
    {
        var v = VectorFixtures.Load(binary);
        Assert.That(v.Count, Is.EqualTo(VectorFixtures.Words.Length));
        Assert.That(v.Size, Is.EqualTo(8));
        Assert.That(v.Word(2), Is.EqualTo("queen"));
        Assert.That(v.IndexOf("paris"), Is.EqualTo(5));
        Assert.That(v.Contains("nope"), Is.False);
        Assert.That(v.Vector("apple").ToArray(), Is.EqualTo(VectorFixtures.Vectors().AsSpan(72, 8).ToArray()));
    }

    [Test]
    public void WordVectors_SaveAndLoad_BinaryRoundTripIsBitExact()
    {
        var v = VectorFixtures.Load();
        using var ms = new MemoryStream();
        v.Save(ms, binary: true);
        Assert.That(ms.ToArray(), Is.EqualTo(VectorFixtures.File(true)));
    }

    [Test]
    public void WordVectors_Load_ParsesReprFloatsAndGensimTextLayout()
    {
        string text = "2 3\nfoo 0.1 -2.5e-05 3\nbar 1.0000001 0 -0\n";
        var v = WordVectors.Load(new MemoryStream(Encoding.ASCII.GetBytes(text)));
        Assert.That(v.Vector("foo").ToArray(), Is.EqualTo(new[] { 0.1f, -2.5e-05f, 3f }));
        Assert.That(v.Vector("bar")[0], Is.EqualTo((float)1.0000001));
    }

    [Test]
    public void WordVectors_Load_AcceptsBinaryWithoutNewlines()
    {
        // gensim's binary layout: no newline after each vector.
        using var ms = new MemoryStream();
        ms.Write("2 2\n"u8);
        foreach (var (w, a, b) in new[] { ("x", 1f, 2f), ("y", 3f, 4f) })
        {
            ms.Write(Encoding.ASCII.GetBytes(w + " "));
            ms.Write(BitConverter.GetBytes(a));
            ms.Write(BitConverter.GetBytes(b));
        }
        ms.Position = 0;
        var v = WordVectors.Load(ms, VectorFileFormat.Binary);
        Assert.That(v.Vector("y").ToArray(), Is.EqualTo(new[] { 3f, 4f }));
    }

    [Test]
    public void WordVectors_Similarity_IsCosine()
    {
        var v = VectorFixtures.Load();
        var a = v.Vector("king").ToArray();
        var b = v.Vector("queen").ToArray();
        float expected = TensorPrimitives.CosineSimilarity(a, b);
        Assert.That(v.Similarity("king", "queen"), Is.EqualTo(expected).Within(1e-6));
        Assert.That(v.Similarity("apple", "apple"), Is.EqualTo(1f).Within(1e-6));
    }

    [Test]
    public void WordVectors_MostSimilar_ExcludesQueryWords()
    {
        var v = VectorFixtures.Load();
        var r = v.MostSimilar("king", 5);
        Assert.That(r, Has.Count.EqualTo(5));
        Assert.That(r.Select(n => n.Word), Does.Not.Contain("king"));
        Assert.That(r.Select(n => n.Similarity), Is.Ordered.Descending);
        var r2 = v.MostSimilar(["king", "woman"], ["man"], 9);
        Assert.That(r2.Select(n => n.Word), Is.EquivalentTo(VectorFixtures.Words.Except(["king", "woman", "man"])));
    }

    [Test]
    public void WordVectors_MostSimilar_MatchesBruteForceCosine()
    {
        var v = VectorFixtures.Load();
        var q = v.Vector("paris").ToArray();
        var brute = Enumerable.Range(0, v.Count).Where(i => i != 5)
            .Select(i => (i, s: TensorPrimitives.CosineSimilarity(q, v.Vector(i))))
            .OrderByDescending(t => t.s).ThenBy(t => t.i).Take(4).ToArray();
        var r = v.MostSimilar("paris", 4);
        Assert.That(r.Select(n => n.Index), Is.EqualTo(brute.Select(b => b.i)));
        for (int k = 0; k < 4; k++) Assert.That(r[k].Similarity, Is.EqualTo(brute[k].s).Within(1e-5));
    }

    [Test]
    public void WordVectors_Analogy_FindsQueen()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.Analogy("man", "king", "woman")[0].Word, Is.EqualTo("queen"));
        Assert.That(v.Analogy("france", "paris", "italy")[0].Word, Is.EqualTo("rome"));
    }

    [Test]
    public void WordVectors_Nearest_RawVectorIncludesExactWord()
    {
        var v = VectorFixtures.Load();
        var q = v.Vector("rome").ToArray();
        TensorPrimitives.Multiply(q, 3.5f, q);
        var r = v.Nearest(q, 3);
        Assert.That(r[0].Word, Is.EqualTo("rome"));
        Assert.That(r[0].Similarity, Is.EqualTo(1f).Within(1e-6));
        Assert.Throws<ArgumentException>(() => v.Nearest(new float[3]));
        Assert.That(v.Nearest(new float[8]), Is.Empty, "a zero vector has no neighbours");
    }

    [Test]
    public void WordVectors_UnknownWord_ThrowsKeyNotFound()
    {
        var v = VectorFixtures.Load();
        var e = Assert.Throws<KeyNotFoundException>(() => v.MostSimilar("nope"));
        Assert.That(e!.Message, Is.EqualTo("word 'nope' is not in the vocabulary"));
        Assert.Throws<KeyNotFoundException>(() => v.Similarity("king", "nope"));
        Assert.Throws<KeyNotFoundException>(() => v.Analogy("king", "nope", "man"));
        Assert.Throws<KeyNotFoundException>(() => v.Vector("nope"));
        Assert.Throws<KeyNotFoundException>(() => v.MostSimilarCosmul(["king"], ["nope"]));
        // A word with a newline stays a one-line message.
        var multi = Assert.Throws<KeyNotFoundException>(() => v.Vector("a\nb\u0007"));
        Assert.That(multi!.Message, Does.Not.Contain("\n").And.Contain("a\\x0ab\\x07"));
    }

    [Test]
    public void WordVectors_Queries_AreThreadSafe()
    {
        var v = VectorFixtures.Load();
        var expected = v.MostSimilar("queen", 5).Select(n => n.Word).ToArray();
        Parallel.For(0, 200, _ =>
        {
            var r = v.MostSimilar("queen", 5).Select(n => n.Word).ToArray();
            Assert.That(r, Is.EqualTo(expected));
        });
    }

    [Test]
    public void WordVectors_Search_ParallelScanEqualsSerialOrder()
    {
        // Big enough to take the multi-threaded path; many exact ties.
        int n = 40000, d = 32;
        var words = Enumerable.Range(0, n).Select(i => Encoding.ASCII.GetBytes("w" + i)).ToArray();
        var vec = new float[n * d];
        var rnd = new Random(3);
        for (int i = 0; i < n; i++)
            for (int a = 0; a < d; a++) vec[i * d + a] = (i % 7 == 0) ? (a == 0 ? 1 : 0) : (float)rnd.NextDouble() - 0.5f;
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, words, vec, d, true);
        ms.Position = 0;
        var v = WordVectors.Load(ms);
        var q = new float[d];
        q[0] = 1;
        var r = v.Nearest(q, 20);
        // All rows i % 7 == 0 tie at 1.0: the first twenty of them, in row order (C's insertion order).
        Assert.That(r.Select(x => x.Index), Is.EqualTo(Enumerable.Range(0, 20).Select(i => i * 7)));
    }

    [Test]
    public void WordVectors_FromModel_SharesTheModelVectors()
    {
        var o = new Word2VecNative.Training.TrainingOptions { Size = 10, MinCount = 1, Iterations = 1, Threads = 1, Negative = 2, Sample = 0 };
        string corpus = Scratch.File(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a b c d e f a b c\n", 50))), "c.txt");
        var model = Word2VecNative.Training.Trainer.Train(o, corpus);
        var v = WordVectors.FromModel(model);
        Assert.That(v.Count, Is.EqualTo(model.Vocabulary.Count));
        Assert.That(v.Vector(1).ToArray(), Is.EqualTo(model.Vector(1).ToArray()));
        Assert.That(v.MostSimilar("a", 3), Has.Count.EqualTo(3));
    }

    [Test]
    public void WordVectors_MostSimilar_TopNNearIntMaxValueListsEveryOtherWord()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.MostSimilar("king", int.MaxValue), Has.Count.EqualTo(v.Count - 1));
        Assert.That(v.MostSimilar(["king", "woman"], ["man"], int.MaxValue - 1), Has.Count.EqualTo(v.Count - 3));
        Assert.That(v.Nearest(v.Vector("king"), int.MaxValue), Has.Count.EqualTo(v.Count));
    }
}
