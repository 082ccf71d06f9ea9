using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Cli;

/// <summary>
/// Faults while the command works, as they happen to people: an output that cannot be written, a full filesystem,
/// Ctrl-C (SIGINT) and SIGTERM during training, kill -9 while an existing output is being replaced. Each ends in one
/// clear line and a known exit code, with no temporary file left, and an old output either replaced whole or not at all.
/// </summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FaultTests : FolderTests
{
    private static string AppHost => Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "word2vec");

    private static bool IsRoot => Environment.UserName == "root";

    [SetUp]
    public void SetUp()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("signals, tmpfs and /proc are Linux's");
    }

    /// <summary>Unmounts what a test mounted in its folder, before the folder is deleted.</summary>
    [TearDown]
    public void TearDown()
    {
        if (OperatingSystem.IsLinux()) ProcessRunner.Run("umount", [Dir.File("small")], timeoutSeconds: 30);
    }

    private string Corpus(int lines, string name = "corpus.txt")
    {
        string path = Dir.File(name);
        var r = new Random(17);
        File.WriteAllLines(path, Enumerable.Range(0, lines).Select(_ => string.Join(' ', Enumerable.Range(0, 25).Select(_ => $"w{(int)Math.Sqrt(r.Next(1_000_000))}"))));
        return path;
    }

    private string[] Temporaries() => Directory.GetFiles(Dir.Path, "*.tmp", SearchOption.AllDirectories);

    [Test]
    public void Cli_OutputUnderAFile_IsOneLine()
    {
        string corpus = Corpus(50);
        var (code, _, err) = OurCli.Run("-train", corpus, "-output", Path.Combine(corpus, "vectors.bin"), "-min-count", "1", "-debug", "0");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1), err);
    }

    [Test]
    public void Cli_OutputThatNobodyMayWrite_IsOneLine()
    {
        // /proc/version cannot be written, not even by root; the old "file" is of course left alone.
        string corpus = Corpus(50);
        string before = File.ReadAllText("/proc/version");
        var (code, _, err) = OurCli.Run("-train", corpus, "-output", "/proc/version", "-min-count", "1", "-iter", "1", "-debug", "0");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err, Does.StartWith("ERROR: cannot write /proc/version: ").And.EndWith("\n"));
        Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n"));
        Assert.That(File.ReadAllText("/proc/version"), Is.EqualTo(before));
    }

    [TestCase("train")]
    [TestCase("save-vocab")]
    [TestCase("save-model")]
    [TestCase("word2phrase")]
    public void Cli_FullFilesystem_IsOneLineAndKeepsTheOldFile(string what)
    {
        if (!IsRoot)
        {
            if (RepoPaths.InCi) Assert.Fail("CI runs as root, which this test needs to mount a small tmpfs");
            Assert.Ignore("a full filesystem is made by mounting a small tmpfs, which needs root");
        }
        string small = Directory.CreateDirectory(Dir.File("small")).FullName;
        var mount = ProcessRunner.Run("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", small], timeoutSeconds: 30);
        Assert.That(mount.ExitCode, Is.Zero, "mount a 64 KB tmpfs: " + mount.Stderr);
        // 20,000 distinct words: every output (vectors, vocabulary, phrases) is far larger than 64 KB.
        string corpus = Dir.File("many.txt");
        File.WriteAllLines(corpus, Enumerable.Range(0, 2000).Select(i => string.Join(' ', Enumerable.Range(0, 10).Select(j => $"word{(i * 10 + j) % 20000}"))));
        string output = Path.Combine(small, "out.txt");
        File.WriteAllText(output, "the old output\n");
        string[] args = what switch
        {
            "train" => ["-train", corpus, "-output", output, "-min-count", "1", "-size", "50", "-iter", "1", "-debug", "0"],
            "save-vocab" => ["-train", corpus, "-save-vocab", output, "-min-count", "1", "-debug", "0"],
            "save-model" => ["-train", corpus, "-save-model", output, "-min-count", "1", "-size", "50", "-iter", "1", "-debug", "0"],
            _ => ["word2phrase", "-train", corpus, "-output", output, "-min-count", "1", "-debug", "0"],
        };
        var (code, _, err) = OurCli.Run(args);
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.StartWith($"ERROR: cannot write {output}: ").And.Contain("space"));
        Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n"));
        Assert.That(File.ReadAllText(output), Is.EqualTo("the old output\n"), "the old file is whole");
        Assert.That(Directory.GetFiles(small), Is.EqualTo(new[] { output }), "no temporary file is left on the full filesystem");
    }

    [TestCase("INT", 130, "-output")]
    [TestCase("TERM", 143, "-output")]
    [TestCase("INT", 130, "-save-model")]
    public void Cli_SignalDuringTraining_StopsWithinASecond(string signal, int exitCode, string outputFlag)
    {
        string corpus = Corpus(4000);
        string output = Dir.File("vectors.bin");
        // Started through env with SIGINT's default action: a process started from a background job (a CI runner's
        // shell, "cmd &") inherits SIGINT ignored, and the runtime leaves an ignored SIGINT ignored, as C's would be.
        var psi = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("--default-signal=INT");
        psi.ArgumentList.Add(AppHost);
        foreach (var a in new[] { "-train", corpus, outputFlag, output, "-min-count", "1", "-iter", "10000", "-threads", "2", "-size", "50" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var seen = new StringBuilder();
        // The progress line appears once the threads train (the vocabulary pass is over).
        var buf = new char[256];
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!seen.ToString().Contains("Progress:", StringComparison.Ordinal) && DateTime.UtcNow < until)
        {
            int n = p.StandardOutput.Read(buf, 0, buf.Length);
            if (n <= 0) break;
            seen.Append(buf, 0, n);
        }
        Assert.That(seen.ToString(), Does.Contain("Progress:"), "training started");
        var sw = Stopwatch.StartNew();
        ProcessRunner.RunChecked("kill", ["-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        _ = p.StandardOutput.ReadToEndAsync();
        Assert.That(p.WaitForExit(10_000), Is.True, "the process ends");
        Assert.That(sw.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "it stops within a second");
        Assert.That(p.ExitCode, Is.EqualTo(exitCode));
        Assert.That(stderr.Result, Is.EqualTo("ERROR: cancelled\n"));
        Assert.That(File.Exists(output), Is.False);
        Assert.That(Temporaries(), Is.Empty);
    }

    [TestCase("train")]
    [TestCase("save-model")]
    [TestCase("word2phrase")]
    public void Cli_Kill9WhileReplacingAnOutput_LeavesTheOldFileWhole(string what)
    {
        // Killed while the new output is being written (its temporary file exists): the old one must be untouched.
        string corpus = Corpus(what == "word2phrase" ? 200_000 : 3000);
        string output = Dir.File("out.txt");
        string old = "the old output, which must survive\n";
        File.WriteAllText(output, old);
        string[] args = what switch
        {
            "train" => ["-train", corpus, "-output", output, "-min-count", "1", "-size", "300", "-iter", "1", "-threads", "2", "-debug", "0"],
            "save-model" => ["-train", corpus, "-save-model", output, "-min-count", "1", "-size", "300", "-iter", "1", "-threads", "2", "-debug", "0"],
            _ => ["word2phrase", "-train", corpus, "-output", output, "-min-count", "1", "-debug", "0"],
        };
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var psi = new ProcessStartInfo(AppHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            bool killed = false;
            while (!p.HasExited)
            {
                if (Temporaries().Length > 0)
                {
                    p.Kill();
                    killed = true;
                    break;
                }
                Thread.Sleep(1);
            }
            p.WaitForExit();
            Assert.That(File.ReadAllText(output), Is.EqualTo(old), "the old file is whole");
            if (killed) return;
        }
        Assert.Fail("the writer finished every time before it could be killed");
    }
}
