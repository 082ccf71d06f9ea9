using System.Net.Sockets;
using NUnit.Framework;

namespace Word2VecNative.Tests.Cli;

public sealed class CliErrorTests : CorpusFolderTests
{
    protected override string CorpusText() => string.Concat(Enumerable.Repeat("the cat sat on the mat\n", 20));

    private void AssertFailsCleanly(string[] args, string? stderrContains = null)
    {
        var before = Directory.GetFiles(Dir.Path).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var (code, _, stderr) = OurCli.Run(args);
        Assert.That(code, Is.EqualTo(1), stderr);
        Assert.That(stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), $"one line on stderr: {stderr}");
        Assert.That(stderr, Does.EndWith("\n"));
        Assert.That(stderr.Trim(), Is.Not.Empty);
        if (stderrContains != null) Assert.That(stderr, Does.Contain(stderrContains));
        var after = Directory.GetFiles(Dir.Path).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        Assert.That(after, Is.EqualTo(before), "no output or temporary file is left behind");
    }

    private string Out => Dir.File("vectors.txt");

    [Test]
    public void Cli_MissingTrainFile_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Dir.File("absent.txt"), "-output", Out, "-debug", "0"], "not found");

    [Test]
    public void Cli_UnreadableTrainFile_FailsWithOneLine()
    {
        string sub = Dir.File("adir");
        Directory.CreateDirectory(sub);
        AssertFailsCleanly(["-train", sub, "-output", Out, "-debug", "0"]);
    }

    /// <summary>A train file that exists but that no one can open, root included: a Unix domain socket, which
    /// open(2) refuses with ENXIO (a file without read permission would still be readable by root).</summary>
    [Test]
    public void Cli_TrainFileThatCannotBeOpened_FailsWithOneLine()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Ignore("Unix domain socket files only");
            return;
        }
        string socketPath = Dir.File("socket.txt");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        Assert.That(File.Exists(socketPath), Is.True, "the socket is a file the CLI finds");
        Assert.Catch<IOException>(() => File.OpenRead(socketPath).Dispose(), "nobody, root included, can open it for reading");
        AssertFailsCleanly(["-train", socketPath, "-output", Out, "-debug", "0"], "cannot read");
    }

    [Test]
    public void Cli_EmptyTrainFile_FailsWithOneLine()
    {
        string empty = Dir.File("empty.txt");
        File.WriteAllBytes(empty, []);
        AssertFailsCleanly(["-train", empty, "-output", Out, "-debug", "0"], "empty");
    }

    [Test]
    public void Cli_MinCountEmptiesVocabulary_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-min-count", "1000", "-debug", "0"], "min-count");

    [TestCase("the x\n")]
    [TestCase("the 5 extra\n")]
    [TestCase("")]
    public void Cli_MalformedReadVocab_FailsWithOneLine(string content)
    {
        string vocab = Dir.File("bad.vocab");
        File.WriteAllText(vocab, content);
        AssertFailsCleanly(["-train", Corpus, "-read-vocab", vocab, "-output", Out, "-debug", "0"]);
    }

    [Test]
    public void Cli_MissingReadVocab_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Corpus, "-read-vocab", Dir.File("none.vocab"), "-output", Out, "-debug", "0"]);

    [Test]
    public void Cli_UnknownFlagWithStrict_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-bogus", "1", "-strict", "1"], "-bogus");

    [TestCase("-size", "abc")]
    [TestCase("-alpha", "fast")]
    [TestCase("-threads", "x1")]
    public void Cli_NonNumericValue_FailsWithOneLine(string flag, string value) =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, flag, value], flag);

    [TestCase("-size", "0")]
    [TestCase("-size", "-3")]
    [TestCase("-iter", "0")]
    [TestCase("-threads", "0")]
    [TestCase("-window", "0")]
    [TestCase("-negative", "-1")]
    public void Cli_OutOfRangeValue_FailsWithOneLine(string flag, string value) =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-debug", "0", flag, value], flag);

    [Test]
    public void Cli_NoObjective_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-hs", "0", "-negative", "0", "-debug", "0"]);

    [Test]
    public void Cli_FlagMissingItsValue_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-size"], "-size");

    [Test]
    public void Cli_OutputInMissingDirectory_FailsWithOneLine() =>
        AssertFailsCleanly(["-train", Corpus, "-output", Dir.File("no", "such", "dir", "v.txt"), "-debug", "0"]);

    [Test]
    public void Cli_NoArguments_PrintsUsage()
    {
        var (code, stdout, stderr) = OurCli.Run();
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.StartWith("WORD VECTOR estimation toolkit v 0.1c\n"));
        Assert.That(stdout, Does.Contain("-exact <int>"));
        Assert.That(stderr, Is.Empty);
    }

    [Test]
    public void Cli_GoodRun_WritesOutputAndNoTemporaryFile()
    {
        var (code, _, stderr) = OurCli.Run("-train", Corpus, "-output", Out, "-size", "5", "-min-count", "1", "-iter", "1", "-threads", "1", "-debug", "0");
        Assert.That(code, Is.Zero, stderr);
        Assert.That(File.ReadAllLines(Out)[0], Is.EqualTo("6 5"));
        Assert.That(Directory.GetFiles(Dir.Path, "*.tmp"), Is.Empty);
    }

    [TestCase("2147483647")]
    [TestCase("7")]
    public void Cli_ClassesAboveTheVocabularySize_FailsBeforeTraining(string classes) =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-min-count", "1", "-classes", classes, "-iter", "100000", "-debug", "0"],
            "more than the 6 words");

    [Test]
    public void Cli_ModelLargerThanAnArray_FailsBeforeAllocating()
    {
        // 22,000 words of size 100,000 need 2.2e9 floats a matrix, more than one .NET array holds.
        string big = Dir.File("many.txt");
        File.WriteAllText(big, string.Join(' ', Enumerable.Range(0, 22_000).Select(i => "w" + i)) + "\n");
        AssertFailsCleanly(["-train", big, "-output", Out, "-min-count", "1", "-size", "100000", "-debug", "0"], "more than one array holds");
        File.Delete(big);
    }

    [Test]
    public void Cli_DivergingTraining_IsRefusedWithOneLineAndWritesNothing() =>
        AssertFailsCleanly(["-train", Corpus, "-output", Out, "-min-count", "1", "-alpha", "1000", "-size", "10", "-iter", "20", "-threads", "1", "-debug", "0"],
            "training diverged");

    [Test]
    public void Cli_DivergingTraining_AllowedWritesWithAWarning()
    {
        var (code, _, stderr) = OurCli.Run("-train", Corpus, "-output", Out, "-min-count", "1", "-alpha", "1000", "-size", "10", "-iter", "20", "-threads", "1", "-debug", "0", "-allow-nonfinite", "1");
        Assert.That(code, Is.Zero, stderr);
        Assert.That(stderr, Does.StartWith("WARNING: training diverged: "));
        Assert.That(File.ReadAllText(Out), Does.Contain("nan"));
    }
}
