using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>
/// Corpora as people keep them train what the C tool trains on the plain file: in exact mode with one thread, our
/// vectors from a gzip, bzip2, xz or zstd file (made by the real tools, several members or streams one after another),
/// from a FIFO fed by a decompressor, and from the file split over a folder, are the C tool's bytes from the plain text.
/// A test skips where the C tool or a compressor is missing.
/// </summary>
public sealed class CompressedCorpusParityTests
{
    private const int SliceBytes = 300_000;
    private static readonly string[] s_flags = ["-threads", "1", "-debug", "0", "-size", "20", "-window", "5", "-iter", "2", "-min-count", "5",
        "-sample", "1e-3", "-cbow", "0", "-hs", "1", "-negative", "3", "-binary", "1"];

    private TempDir _dir = null!;
    private string _plain = null!;
    private byte[]? _cVectors;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _dir = new TempDir();
        _plain = _dir.Write("text8-slice.txt", SharedData.Head("text8-prefix-12.5M", SliceBytes));
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _dir.Dispose();

    /// <summary>The C tool's vectors from the plain slice (computed once).</summary>
    private byte[] CVectors()
    {
        if (_cVectors != null) return _cVectors;
        var tool = CTool.Require();
        string output = _dir.File("c.bin");
        var c = ProcessRunner.Run(tool.Exact("word2vec"), ["-train", _plain, .. s_flags, "-output", output], timeoutSeconds: 120);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        return _cVectors = File.ReadAllBytes(output);
    }

    private byte[] Ours(string train)
    {
        string output = _dir.UniqueFile("ours", ".bin");
        OurCli.RunChecked(["-train", train, .. s_flags, "-exact", "1", "-output", output]);
        return File.ReadAllBytes(output);
    }

    private static void Sh(string dir, string script, string tool)
    {
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool))))
            Assert.Ignore($"{tool} is not installed");
        var r = ProcessRunner.Run("sh", ["-c", script], workingDirectory: dir, timeoutSeconds: 120);
        Assert.That(r.ExitCode, Is.Zero, r.Stderr);
    }

    [TestCase("gzip", "gzip -c", TestName = "Compressed_Gzip_MatchesCOnThePlainFile")]
    [TestCase("bzip2", "bzip2 -c", TestName = "Compressed_Bzip2_MatchesCOnThePlainFile")]
    [TestCase("xz", "xz -c", TestName = "Compressed_Xz_MatchesCOnThePlainFile")]
    [TestCase("zstd", "zstd -q -c", TestName = "Compressed_Zstd_MatchesCOnThePlainFile")]
    public void Compressed_MatchesCOnThePlainFile(string tool, string command)
    {
        var expected = CVectors();
        string name = tool + "-" + TempDir.Unique();
        // Two members/streams/frames, cut inside a word, and no suffix: told by the magic bytes.
        Sh(_dir.Path, $"head -c 123457 text8-slice.txt | {command} > {name} && tail -c +123458 text8-slice.txt | {command} >> {name}", tool);
        Bytes.AssertEqual(expected, Ours(_dir.File(name)), $"{tool}: vectors from the compressed file");
    }

    [Test]
    public void Fifo_FedByADecompressor_MatchesCOnThePlainFile()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("FIFOs are made with mkfifo");
        var expected = CVectors();
        Sh(_dir.Path, "gzip -c text8-slice.txt > slice.gz && rm -f corpus.fifo && mkfifo corpus.fifo", "gzip");
        var psi = new ProcessStartInfo("sh", ["-c", "gzip -dc slice.gz > corpus.fifo"]) { WorkingDirectory = _dir.Path };
        using var writer = Process.Start(psi)!;
        try
        {
            Bytes.AssertEqual(expected, Ours(_dir.File("corpus.fifo")), "vectors from a FIFO");
        }
        finally
        {
            if (!writer.WaitForExit(10_000)) writer.Kill();
        }
    }

    /// <summary>A folder of parts trains what C trains on the parts joined with a newline after each one but the last
    /// (text8 is one line: the parts end without one, so the corpus puts it there); one part gzip-compressed.</summary>
    [Test]
    public void Folder_OfParts_MatchesCOnThePartsJoinedByNewlines()
    {
        var tool = CTool.Require();
        string parts = _dir.File("parts");
        Directory.CreateDirectory(parts);
        var text = File.ReadAllBytes(_plain);
        int cut1 = Array.IndexOf(text, (byte)' ', text.Length / 3) + 1, cut2 = Array.IndexOf(text, (byte)' ', 2 * text.Length / 3) + 1;
        File.WriteAllBytes(Path.Combine(parts, "a"), text[..cut1]);
        File.WriteAllBytes(Path.Combine(parts, "b"), text[cut1..cut2]);
        File.WriteAllBytes(Path.Combine(parts, "c"), text[cut2..]);
        string joined = _dir.Write("joined.txt", [.. text[..cut1], (byte)'\n', .. text[cut1..cut2], (byte)'\n', .. text[cut2..]]);
        string cOutput = _dir.File("c-joined.bin");
        var c = ProcessRunner.Run(tool.Exact("word2vec"), ["-train", joined, .. s_flags, "-output", cOutput], timeoutSeconds: 120);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        Sh(parts, "gzip b && mv b.gz b", "gzip");
        Bytes.AssertEqual(File.ReadAllBytes(cOutput), Ours(parts), "vectors from a folder of parts");
    }
}
