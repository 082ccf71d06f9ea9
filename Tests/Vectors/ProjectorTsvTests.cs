using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The TensorFlow Embedding Projector export: numpy's float text, one word per line, escapes that keep the
/// metadata file one line per row, atomic writes, and the export-tsv verb. (Parity/Tools/ProjectorTsvParityTests.cs
/// compares the files with gensim's word2vec2tensor.)</summary>
public sealed class ProjectorTsvTests
{
    /// <summary>What numpy 1.24's <c>str(np.float32(x))</c> printed for these values.</summary>
    [TestCase(0.1f, "0.1")]
    [TestCase(1f, "1.0")]
    [TestCase(-2.5f, "-2.5")]
    [TestCase(1e-5f, "1e-05")]
    [TestCase(0.0001f, "1e-04")] // the float just below 1e-4: scientific
    [TestCase(0.0001234f, "0.0001234")]
    [TestCase(9.999e-5f, "9.999e-05")]
    [TestCase(1e16f, "1e+16")]
    [TestCase(1e15f, "1000000000000000.0")]
    [TestCase(123456789f, "123456790.0")]
    [TestCase(16777216f, "16777216.0")]
    [TestCase(3.4028235e38f, "3.4028235e+38")]
    [TestCase(1e-45f, "1e-45")]
    [TestCase(-1e-45f, "-1e-45")]
    [TestCase(0f, "0.0")]
    [TestCase(-0f, "-0.0")]
    [TestCase(float.NaN, "nan")]
    [TestCase(float.PositiveInfinity, "inf")]
    [TestCase(float.NegativeInfinity, "-inf")]
    public void PythonFloat_Str_IsNumpysText(float x, string expected) => Assert.That(PythonFloat.Str(x), Is.EqualTo(expected));

    [Test]
    public void PythonFloat_Str_BitPatternsAroundTheSwitchToScientific()
    {
        Assert.That(PythonFloat.Str(BitConverter.Int32BitsToSingle(0x38d1b718)), Is.EqualTo("0.000100000005"));
        Assert.That(PythonFloat.Str(BitConverter.Int32BitsToSingle(0x5a0e1bc9)), Is.EqualTo("9999999000000000.0"));
        Assert.That(PythonFloat.Str(BitConverter.Int32BitsToSingle(unchecked((int)0xffc00000))), Is.EqualTo("nan"));
    }

    [Test]
    public void WordVectors_SaveProjectorTsv_OneRowAndOneWordPerLine()
    {
        var v = VectorFixtures.Load();
        var (tensor, metadata) = Save(v, limit: 0);
        string[] rows = tensor.Split('\n');
        Assert.That(rows[^1], Is.Empty, "every row ends with a newline");
        Assert.That(rows[..^1], Has.Length.EqualTo(v.Count));
        Assert.That(rows[1], Is.EqualTo("1.0\t0.0\t1.0\t0.0\t0.0\t0.0\t0.1\t0.0"), "king's row, as numpy prints it");
        Assert.That(rows[9], Is.EqualTo("0.2\t0.3\t-0.5\t0.1\t0.0\t0.0\t1.0\t-1.0"));
        Assert.That(metadata, Is.EqualTo(string.Join("", VectorFixtures.Words.Select(w => w + "\n"))), "no header: one column");

        var (first3, words3) = Save(v, limit: 3);
        Assert.That(first3, Is.EqualTo(string.Join("", rows[..3].Select(r => r + "\n"))));
        Assert.That(words3, Is.EqualTo("</s>\nking\nqueen\n"));
        Assert.That(Save(v, limit: 1000).Tensor, Is.EqualTo(tensor), "a limit beyond the count writes everything");
    }

    /// <summary>A word with a tab, newline or carriage return would break the metadata file (the projector takes a tab
    /// on the first line for a header of columns, a newline for a new word) and a blank word would be skipped: they are
    /// written as visible escapes, so the file keeps one line per row; other words are written as stored.</summary>
    [Test]
    public void WordVectors_SaveProjectorTsv_EscapesWhatWouldBreakTheMetadataFile()
    {
        byte[][] words = [.. new[] { "a\tb", "c\nd", "e\rf", "\u00A0\u2003", "\v", "ok\u00A0", "a\\tb", "東京" }.Select(Encoding.UTF8.GetBytes), [], [0xFF, 0x41]];
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, words, new float[words.Length * 2].Select((_, i) => (float)i).ToArray(), 2, binary: true);
        using var v = WordVectors.Load(new MemoryStream(ms.ToArray()));
        Assert.That(v.Count, Is.EqualTo(words.Length), "the loader keeps every awkward word");
        using var tensor = new MemoryStream();
        using var metadata = new MemoryStream();
        v.SaveProjectorTsv(tensor, metadata);
        byte[] expected = [.. Encoding.UTF8.GetBytes("a\\tb\nc\\nd\ne\\rf\n\\u00A0\\u2003\n\\u000B\nok\u00A0\na\\tb\n東京\n\\0\n"), 0xFF, 0x41, (byte)'\n'];
        Assert.That(metadata.ToArray(), Is.EqualTo(expected));
        Assert.That(Encoding.UTF8.GetString(tensor.ToArray()).Split('\n'), Has.Length.EqualTo(words.Length + 1));
    }

    /// <summary>Both files are written before either replaces the old one: a cancellation while writing leaves both
    /// old files whole, and no temporary file behind.</summary>
    [Test]
    public void WordVectors_SaveProjectorTsv_CancelledWriteLeavesTheOldFiles()
    {
        var v = VectorFixtures.Load();
        string dir = Scratch.NewFolder();
        string tensor = Path.Combine(dir, "t.tsv"), metadata = Path.Combine(dir, "m.tsv");
        File.WriteAllText(tensor, "old tensor");
        File.WriteAllText(metadata, "old metadata");
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.That(() => v.SaveProjectorTsv(tensor, metadata, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That((File.ReadAllText(tensor), File.ReadAllText(metadata)), Is.EqualTo(("old tensor", "old metadata")));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "t.tsv", "m.tsv" }));

        v.SaveProjectorTsv(tensor, metadata);
        Assert.That(File.ReadAllText(metadata), Does.StartWith("</s>\nking\n"));
        Assert.That(() => v.SaveProjectorTsv(tensor, Path.Combine(dir, ".", "t.tsv")), Throws.ArgumentException);
        Assert.That(() => v.SaveProjectorTsv(tensor, metadata, limit: -1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    /// <summary>Whichever of the two files cannot be written (here a directory stands at its path), the other keeps
    /// its old content: neither is replaced unless both are written.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void WordVectors_SaveProjectorTsv_OneFileFailingLeavesTheOtherOld(bool tensorFails)
    {
        var v = VectorFixtures.Load();
        string dir = Scratch.NewFolder();
        string good = Path.Combine(dir, "good.tsv"), bad = Path.Combine(dir, "bad.tsv");
        File.WriteAllText(good, "old");
        Directory.CreateDirectory(bad);
        Assert.That(() => v.SaveProjectorTsv(tensorFails ? bad : good, tensorFails ? good : bad),
            Throws.InstanceOf<Word2VecException>().With.Message.Contains("bad.tsv"));
        Assert.That(File.ReadAllText(good), Is.EqualTo("old"));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "good.tsv" }), "no temporary file left");
    }

    [Test]
    public void Cli_ExportTsv_WritesThePrefixedPair()
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: false), "vec.txt");
        string prefix = Path.Combine(Path.GetDirectoryName(vectors)!, "out");
        var (code, output, err) = OurCli.Run("export-tsv", "-output", prefix, "-limit", "4", vectors);
        Assert.That((code, output, err), Is.EqualTo((0, "", "")));
        Assert.That(File.ReadAllText(prefix + "_metadata.tsv"), Is.EqualTo("</s>\nking\nqueen\nman\n"));
        Assert.That(File.ReadAllLines(prefix + "_tensor.tsv"), Has.Length.EqualTo(4));
    }

    [TestCase("ERROR: export-tsv needs -output <prefix>", "{vectors}")]
    [TestCase("ERROR: export-tsv needs a vectors file", "-output", "{dir}/p")]
    [TestCase("ERROR: invalid value '-2' for -limit", "-limit", "-2", "-output", "{dir}/p", "{vectors}")]
    [TestCase("ERROR: invalid value 'x' for -limit", "-limit", "x", "-output", "{dir}/p", "{vectors}")]
    [TestCase("ERROR: unknown option '-size' for export-tsv", "-size", "3", "{vectors}")]
    [TestCase("Argument missing for -output", "-output")]
    [TestCase("ERROR: unexpected argument 'more' for export-tsv", "-output", "{dir}/p", "{vectors}", "more")]
    [TestCase("ERROR: -limit is given twice", "-output", "{dir}/p", "-limit", "5", "-limit", "3", "{vectors}")]
    [TestCase("ERROR: -output is given twice", "-output", "{dir}/p", "-output", "{dir}/q", "{vectors}")]
    [TestCase("ERROR: unexpected argument '-output' for export-tsv (one vectors file, after the options)", "{vectors}", "-output", "{dir}/p")]
    [TestCase("does not exist", "-output", "{dir}/no/such/p", "{vectors}")]
    [TestCase("ERROR: ", "-output", "{dir}/p", "{dir}/missing.bin")]
    [TestCase("ERROR: ", "-output", "{dir}/p", "")]
    public void Cli_ExportTsv_BadInputIsOneLine(string message, params string[] args)
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: true));
        string dir = Path.GetDirectoryName(vectors)!;
        var (code, output, err) = OurCli.Run(["export-tsv", .. args.Select(a => a.Replace("{vectors}", vectors).Replace("{dir}", dir))]);
        Assert.That(code, Is.EqualTo(1), output);
        Assert.That(err, Does.Contain(message).And.EndWith("\n"));
        Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n"));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "vec.bin" }), "nothing written");
    }

    /// <summary>A link can make the two files one (or an output the vectors read): refused before anything is written,
    /// where one of them would otherwise be lost without a word.</summary>
    [Test]
    public void SaveProjectorTsv_TwoPathsOfOneFile_AreRefused()
    {
        string vectors = Scratch.File(VectorFixtures.File(binary: true));
        string dir = Path.GetDirectoryName(vectors)!;
        string tensor = Path.Combine(dir, "p_tensor.tsv"), metadata = Path.Combine(dir, "p_metadata.tsv");
        File.WriteAllText(tensor, "old");
        File.CreateSymbolicLink(metadata, "p_tensor.tsv");
        Assert.That(() => VectorFixtures.Load().SaveProjectorTsv(tensor, metadata), Throws.ArgumentException);

        var (code, _, err) = OurCli.Run("export-tsv", "-output", Path.Combine(dir, "p"), vectors);
        Assert.That((code, err), Is.EqualTo((1, $"ERROR: {tensor} and {metadata} are the same file; one would be lost\n")));
        Assert.That(File.ReadAllText(tensor), Is.EqualTo("old"));

        File.Delete(metadata);
        File.Copy(vectors, Path.Combine(dir, "v_tensor.tsv"));
        (code, _, err) = OurCli.Run("export-tsv", "-output", Path.Combine(dir, "v"), Path.Combine(dir, "v_tensor.tsv"));
        Assert.That((code, err.Contains("which export-tsv writes", StringComparison.Ordinal)), Is.EqualTo((1, true)), err);
        Assert.That(File.ReadAllBytes(Path.Combine(dir, "v_tensor.tsv")), Is.EqualTo(File.ReadAllBytes(vectors)), "the vectors file is left whole");
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "vec.bin", "p_tensor.tsv", "v_tensor.tsv" }));
    }

    private static (string Tensor, string Metadata) Save(WordVectors v, int limit)
    {
        using var tensor = new MemoryStream();
        using var metadata = new MemoryStream();
        v.SaveProjectorTsv(tensor, metadata, limit);
        return (Encoding.UTF8.GetString(tensor.ToArray()), Encoding.UTF8.GetString(metadata.ToArray()));
    }
}
