using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary><see cref="WordVectors.OpenMapped"/>: the index written once and reused, every query equal to the loaded
/// file's to the bit, and a stale, damaged or foreign index rebuilt or refused with one clear error.</summary>
public class MappedVectorsTests
{
    /// <summary>A binary file of random vectors: words "w0", "w1", ... (so rows start at irregular byte offsets), except
    /// row 7, a second "w3", and every fiftieth row, a longer UTF-8 word; rows with or without a newline after them (the
    /// C tool's and gensim's layouts); row 11 is zero.</summary>
    internal static byte[] RandomFile(int words, int size, int seed, bool newlines = true)
    {
        var r = new Random(seed);
        using var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes($"{words} {size}\n"));
        var row = new float[size];
        for (int i = 0; i < words; i++)
        {
            string w = i == 7 ? "w3" : i % 50 == 49 ? "\u00fc" + i + new string('x', i % 20) + "\u4e2d" : "w" + i;
            ms.Write(Encoding.UTF8.GetBytes(w + " "));
            for (int a = 0; a < size; a++) row[a] = i == 11 ? 0 : (float)(r.NextDouble() * 2 - 1);
            ms.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan()));
            if (newlines) ms.WriteByte((byte)'\n');
        }
        return ms.ToArray();
    }

    private static string Write(byte[] content) => Scratch.File(content, "vec.bin");

    [Test]
    public void MappedVectors_FirstOpen_WritesTheIndexAndLaterOpensReuseIt()
    {
        string path = Write(RandomFile(300, 16, seed: 1));
        string index = path + WordVectors.IndexExtension;
        using (var v = WordVectors.OpenMapped(path))
        {
            Assert.That(v.IsMemoryMapped, Is.True);
            Assert.That(v.Count, Is.EqualTo(300));
            Assert.That(File.Exists(index), Is.True);
        }
        var bytes = File.ReadAllBytes(index);
        var written = File.GetLastWriteTimeUtc(index);
        File.SetLastWriteTimeUtc(index, written.AddSeconds(-10));
        using (var again = WordVectors.OpenMapped(path, rebuildIndex: false))
            Assert.That(again.Word(299), Is.EqualTo(WordVectors.Load(path).Word(299)));
        Assert.That(File.GetLastWriteTimeUtc(index), Is.EqualTo(written.AddSeconds(-10)), "not written again");
        Assert.That(File.ReadAllBytes(index), Is.EqualTo(bytes));
        Assert.That(Encoding.ASCII.GetString(bytes, 0, 8), Is.EqualTo("W2VNIDX\n"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void MappedVectors_EveryQuery_EqualsTheLoadedFileToTheBit(bool newlines)
    {
        // 20,000 x 64 floats: large enough that scans run in parallel chunks.
        string path = Write(RandomFile(20_000, 64, seed: 2, newlines));
        var loaded = WordVectors.Load(path);
        using var mapped = WordVectors.OpenMapped(path, Path.Combine(Path.GetDirectoryName(path)!, "elsewhere.idx"));
        Assert.That(File.Exists(path + WordVectors.IndexExtension), Is.False, "the index goes where it is asked to");
        Assert.That(mapped.Count, Is.EqualTo(loaded.Count));
        for (int i = 0; i < loaded.Count; i++)
        {
            Assert.That(mapped.WordBytes(i).SequenceEqual(loaded.WordBytes(i)), Is.True, $"word {i}");
            Assert.That(mapped.IndexOf(loaded.Word(i)), Is.EqualTo(loaded.IndexOf(loaded.Word(i))), $"lookup {i}");
            Assert.That(Bits(mapped.Vector(i)), Is.EqualTo(Bits(loaded.Vector(i))), $"row {i}");
            Assert.That(Bits([mapped.Norm(i)]), Is.EqualTo(Bits([loaded.Norm(i)])), $"norm {i}");
        }
        Assert.That(mapped.IndexOf("w3"), Is.EqualTo(3), "a repeated word finds its first row");
        Assert.That(mapped.IndexOf("nope"), Is.EqualTo(-1));
        Assert.That(QueryAnswers(mapped), Is.EqualTo(QueryAnswers(loaded)));
    }

    /// <summary>Every query's answer rendered with its float bits.</summary>
    internal static List<string> QueryAnswers(WordVectors v)
    {
        var r = new Random(9);
        string W() => v.Word(r.Next(v.Count));
        var answers = new List<string>();
        for (int q = 0; q < 6; q++)
        {
            string a = W(), b = W(), c = W();
            answers.Add(Render(v.MostSimilar(a, 12)));
            answers.Add(Render(v.MostSimilar([a, b], [c], 7)));
            answers.Add(Render(v.MostSimilarCosmul([a, b], [c], 7)));
            answers.Add(Render(v.Analogy(a, b, c, 5)));
            answers.Add(Render(v.Nearest(v.Vector(c), 4)));
            answers.Add(Bits([v.Similarity(a, b), v.Distance(b, c), v.NSimilarity([a, b], [c]), v.Norm(v.IndexOf(a))]));
            answers.Add(Bits(v.UnitVector(a)) + Bits(v.MeanVector([a, b, "nope"])) + Bits(v.Distances(a, [b, c])));
            answers.Add(Bits(v.Distances(a)));
            answers.Add(string.Join(",", v.CloserThan(a, b).Take(50)) + v.Rank(a, b) + v.DoesntMatch([a, b, c, "nope"]));
            var tool = new CToolQueries(v);
            answers.Add(Render(tool.Distance([v.IndexOf(a), v.IndexOf(b)])) + Render(tool.Analogy(v.IndexOf(a), v.IndexOf(b), v.IndexOf(c))));
        }
        var questions = string.Join("\n", Enumerable.Range(0, 40).Select(i => (i % 20 == 0 ? ": s" + i + "\n" : "") + $"{W()} {W()} {W()} {W()}"));
        var log = new StringWriter();
        v.EvaluateAnalogies(new MemoryStream(Encoding.UTF8.GetBytes(questions)), 0, log);
        answers.Add(log.ToString());
        var pairs = string.Join("\n", Enumerable.Range(0, 30).Select(i => $"{W()}\t{W()}\t{r.Next(10)}"));
        var report = v.EvaluateWordPairs(new MemoryStream(Encoding.UTF8.GetBytes(pairs)));
        answers.Add($"{report.Pearson:R} {report.PearsonPValue:R} {report.Spearman:R} {report.SpearmanPValue:R} {report.OovRatio:R}");
        using var saved = new MemoryStream();
        v.Save(saved, binary: true);
        answers.Add(Convert.ToHexString(SHA256.HashData(saved.ToArray())));
        return answers;
    }

    internal static string Render(IReadOnlyList<Neighbour> hits) =>
        string.Join(';', hits.Select(h => $"{h.Index}:{BitConverter.SingleToInt32Bits(h.Similarity):x8}"));

    internal static string Bits(ReadOnlySpan<float> v)
    {
        var sb = new StringBuilder();
        foreach (float f in v) sb.Append(BitConverter.SingleToInt32Bits(f).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        return sb.ToString();
    }

    [Test]
    public void MappedVectors_ChangedFile_IndexIsRebuiltOrRefused()
    {
        string path = Write(RandomFile(200, 8, seed: 3));
        string index = path + WordVectors.IndexExtension;
        using (WordVectors.OpenMapped(path)) { }
        var before = File.ReadAllBytes(index);

        // Same length, other content: the sample of bytes differs.
        File.WriteAllBytes(path, RandomFile(200, 8, seed: 4));
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Is.EqualTo($"the index {index} belongs to another file (or to this file before it changed); delete it, or open with rebuildIndex: true to write it again"));
        using (var v = WordVectors.OpenMapped(path))
            Assert.That(Bits(v.Vector(5)), Is.EqualTo(Bits(WordVectors.Load(path).Vector(5))));
        Assert.That(File.ReadAllBytes(index), Is.Not.EqualTo(before));

        // Same bytes, touched: the modification time differs.
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddMinutes(1));
        e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Does.Contain("its modification time differs"));
        using (WordVectors.OpenMapped(path)) { }
        using (WordVectors.OpenMapped(path, rebuildIndex: false)) { }
    }

    [TestCase(20, "has a damaged header")]
    [TestCase(100, "has a damaged header")]
    [TestCase(-1, "is damaged (its sections' checksum differs)")]
    [TestCase(-2, "is cut short")]
    [TestCase(-3, "is damaged (its sections do not add up)")]
    public void MappedVectors_DamagedIndex_IsRebuiltOrRefused(int flip, string why)
    {
        string path = Write(RandomFile(200, 8, seed: 5));
        string index = path + WordVectors.IndexExtension;
        using (WordVectors.OpenMapped(path)) { }
        var good = File.ReadAllBytes(index);
        var bad = (byte[])good.Clone();
        if (flip >= 0) bad[flip] ^= 0x10;
        else if (flip == -1) bad[^1] ^= 1;
        else if (flip == -2) bad = bad[..200];
        else bad = [.. bad, 0];
        File.WriteAllBytes(index, bad);
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Is.EqualTo($"the index {index} {why}; delete it, or open with rebuildIndex: true to write it again"));
        using (var v = WordVectors.OpenMapped(path)) Assert.That(v.Count, Is.EqualTo(200));
        Assert.That(File.ReadAllBytes(index), Is.EqualTo(good));
    }

    [Test]
    public void MappedVectors_IndexOfAnotherVersion_IsRebuiltOrRefused()
    {
        string path = Write(RandomFile(50, 8, seed: 6));
        string index = path + WordVectors.IndexExtension;
        using (WordVectors.OpenMapped(path)) { }
        var b = File.ReadAllBytes(index);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 3);
        MappedVectorsFuzzTests.RecomputeChecksums(b);
        File.WriteAllBytes(index, b);
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Does.Contain("has version 3, this library reads version 2"));
        using (WordVectors.OpenMapped(path)) { }
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(File.ReadAllBytes(index).AsSpan(8)), Is.EqualTo(2));
    }

    /// <summary>An index whose checksums agree but whose offsets do not hold together (as a faulty writer could leave
    /// it) is refused before any query reads through it.</summary>
    [TestCase("row offsets", "is damaged (its row offsets are out of order)")]
    [TestCase("word offsets", "is damaged (its word offsets are out of order)")]
    [TestCase("norm", "does not match the file (the length of row 1)")]
    [TestCase("word", "does not match the file (word 1)")]
    public void MappedVectors_InconsistentIndexWithValidChecksums_IsRefused(string what, string why)
    {
        string path = Write(RandomFile(64, 8, seed: 7));
        string index = path + WordVectors.IndexExtension;
        using (WordVectors.OpenMapped(path)) { }
        var b = File.ReadAllBytes(index);
        long At(int field) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(field));
        switch (what)
        {
            case "row offsets": BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan((int)At(96) + 8), 1L << 40); break;
            case "word offsets": BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan((int)At(104) + 8), 1L << 20); break;
            case "norm": b[(int)At(88)] ^= 1; break;
            default: b[(int)At(120)] ^= 1; break;
        }
        MappedVectorsFuzzTests.RecomputeChecksums(b);
        File.WriteAllBytes(index, b);
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Does.Contain(why));
    }

    [Test]
    public void MappedVectors_ForeignFileAtTheIndexPath_IsRefusedAndKept()
    {
        string path = Write(RandomFile(20, 4, seed: 8));
        string index = path + WordVectors.IndexExtension;
        File.WriteAllText(index, "my notes\n");
        foreach (bool rebuild in new[] { true, false })
        {
            var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: rebuild));
            Assert.That(e!.Message, Is.EqualTo($"{index} exists and is not a word-vectors index; remove it or choose another index path"));
        }
        Assert.That(File.ReadAllText(index), Is.EqualTo("my notes\n"));
        Assert.Throws<ArgumentException>(() => WordVectors.OpenMapped(path, indexPath: path));
        // An empty file there is a damaged index, written again.
        File.WriteAllBytes(index, []);
        using (WordVectors.OpenMapped(path)) { }
        Assert.That(new FileInfo(index).Length, Is.GreaterThan(256));
    }

    [Test]
    public void MappedVectors_TextOrBrokenFile_IsRefusedWithoutAnIndex()
    {
        string text = Scratch.File(VectorFixtures.File(false), "vec.txt");
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(text));
        Assert.That(e!.Message, Does.Contain("is a text vectors file; memory mapping needs the binary layout"));
        Assert.That(File.Exists(text + WordVectors.IndexExtension), Is.False);

        var full = VectorFixtures.File(true);
        string cut = Write(full[..^20]);
        var load = Assert.Throws<Word2VecException>(() => WordVectors.Load(cut));
        var map = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(cut));
        Assert.That(map!.Message, Is.EqualTo(load!.Message));
        Assert.That(File.Exists(cut + WordVectors.IndexExtension), Is.False);
    }

    [Test]
    public void MappedVectors_RowsAsSpanAndMemory_NoContiguousMatrix_DisposeUnmaps()
    {
        string path = Write(RandomFile(100, 12, seed: 10));
        var v = WordVectors.OpenMapped(path);
        var loaded = WordVectors.Load(path);
        Assert.That(Bits(v.VectorMemory("w40").Span), Is.EqualTo(Bits(loaded.Vector("w40"))));
        Assert.That(v.TryGetVector("w41", out var row), Is.True);
        Assert.That(Bits(row), Is.EqualTo(Bits(loaded.Vector(41))));
        Assert.That(v.TryGetVector("nope", out var none), Is.False);
        Assert.That(none.IsEmpty, Is.True);
        Assert.Throws<NotSupportedException>(() => _ = v.Vectors.Length);
        v.Dispose();
        v.Dispose();
        Assert.Throws<ObjectDisposedException>(() => v.MostSimilar("w3"));
        Assert.Throws<ObjectDisposedException>(() => v.Word(0));
    }

    /// <summary>A query running when the vectors are disposed (held inside by its word list) finishes with its full
    /// answer and keeps the file mapped until it ends; queries started after <see cref="WordVectors.Dispose"/> returned
    /// throw <see cref="ObjectDisposedException"/>, and the file is unmapped when the running one ends.</summary>
    [Test]
    public void MappedVectors_DisposeDuringAQuery_ItFinishesLaterOnesThrowUnmappedWhenItEnds()
    {
        string path = Write(RandomFile(2_000, 16, seed: 11));
        var expected = Bits(WordVectors.Load(path).MeanVector(["w1", "w2"]));
        var v = WordVectors.OpenMapped(path);
        using var inside = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        IEnumerable<string> Words()
        {
            yield return "w1";
            inside.Set();
            go.Wait();
            yield return "w2";
        }
        var running = Task.Run(() => v.MeanVector(Words()));
        Assert.That(inside.Wait(TimeSpan.FromSeconds(30)), Is.True);
        v.Dispose();
        Assert.Throws<ObjectDisposedException>(() => v.Word(0));
        Assert.Throws<ObjectDisposedException>(() => v.MostSimilar("w3"));
        Assert.Throws<ObjectDisposedException>(() => v.VectorMemory(3));
        Assert.That(MappedNow(path), Is.True, "unmapped while a query runs");
        go.Set();
        Assert.That(Bits(running.Result), Is.EqualTo(expected));
        Assert.That(MappedNow(path), Is.False, "still mapped after the last query ended");
    }

    /// <summary>Memory from <see cref="WordVectors.VectorMemory(int)"/> of mapped vectors is a copy: read after the
    /// vectors are disposed (and other files mapped where they were), it holds the row's bits; no garbage, no crash.
    /// Asking for memory after <see cref="WordVectors.Dispose"/> throws <see cref="ObjectDisposedException"/>.</summary>
    [Test]
    public void MappedVectors_VectorMemory_OutlivesDispose_LaterCallsThrowDisposed()
    {
        string path = Write(RandomFile(3_000, 300, seed: 13));
        var loaded = WordVectors.Load(path);
        var v = WordVectors.OpenMapped(path);
        var byWord = v.VectorMemory("w40");
        var byIndex = v.VectorMemory(2_999);
        v.Dispose();
        var others = Enumerable.Range(0, 4).Select(k => WordVectors.OpenMapped(Write(RandomFile(3_000, 300, seed: 20 + k)))).ToList();
        Assert.That(Bits(byWord.Span), Is.EqualTo(Bits(loaded.Vector("w40"))));
        Assert.That(Bits(byIndex.ToArray()), Is.EqualTo(Bits(loaded.Vector(2_999))));
        Assert.Throws<ObjectDisposedException>(() => v.VectorMemory(40));
        Assert.Throws<ObjectDisposedException>(() => v.VectorMemory("w40"));
        others.ForEach(o => o.Dispose());
    }

    /// <summary>True when this process maps <paramref name="path"/>, as /proc/self/maps says (Linux only).</summary>
    private static bool MappedNow(string path) => OperatingSystem.IsLinux()
        ? File.ReadAllText("/proc/self/maps").Contains(path, StringComparison.Ordinal)
        : throw new IgnoreException("reads /proc/self/maps");

    /// <summary>Scans read the file (not the mapping): a file cut short while in use is one error, not a crash.</summary>
    [Test]
    public void MappedVectors_FileCutShortWhileInUse_IsOneError()
    {
        string path = Write(RandomFile(20_000, 64, seed: 12));
        using var v = WordVectors.OpenMapped(path);
        float[] query = v.Vector("w1").ToArray();
        Assert.That(v.Nearest(query, 1)[0].Word, Is.EqualTo("w1"));
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            f.SetLength(f.Length / 2);
        var e = Assert.Throws<Word2VecException>(() => v.Nearest(query, 1));
        Assert.That(e!.Message, Does.Not.StartWith("ERROR").And.EndWith("is shorter than when it was opened (it was changed while in use)"));
    }
}
