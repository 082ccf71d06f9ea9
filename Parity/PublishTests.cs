using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>The command published as a NativeAOT binary (no JIT, everything trimmed that reflection does not
/// reach) publishes without trimming or AOT warnings and runs: its version, a training run, a query verb and
/// an error. A reflection-based parser, say, would fail here.</summary>
[NonParallelizable]
public sealed class PublishTests
{
    [Test]
    public void Publish_NativeAot_BuildsWithoutWarningsAndRuns()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("checked on linux-x64");
            return;
        }
        using var dir = new TempDir();
        string output = dir.File("aot");
        var publish = ProcessRunner.Run("dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "Cli"), "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", output, "-nologo"],
            timeoutSeconds: 600);
        string log = publish.StdoutText + publish.Stderr;
        Assert.That(publish.ExitCode, Is.Zero, log);
        Assert.That(log, Does.Not.Match(@"warning IL\d{4}"), "trimming or AOT warnings: " + log);
        string exe = Path.Combine(output, "word2vec");

        var version = ProcessRunner.RunChecked(exe, ["--version"]);
        Assert.That(version.StdoutText, Does.StartWith("word2vec (Word2VecNative) "));

        string corpus = dir.Write("corpus.txt", string.Concat(Enumerable.Range(0, 400).Select(i => $"the cat sat on the mat number{i % 7}\n")));
        string vectors = dir.File("vectors.bin");
        var train = ProcessRunner.Run(exe, ["-train", corpus, "-output", vectors, "-size", "8", "-min-count", "1", "-iter", "2", "-threads", "2", "-binary", "1"]);
        Assert.That(train.ExitCode, Is.Zero, train.Stderr);
        Assert.That(train.StdoutText, Does.Contain("Vocab size: 13\n").And.Contain("Progress: "));

        var distance = ProcessRunner.RunChecked(exe, ["distance", vectors], stdin: Encoding.ASCII.GetBytes("cat\nEXIT\n"));
        Assert.That(distance.StdoutText, Does.Contain("Word: cat  Position in vocabulary: ").And.Contain("Cosine distance"));

        var bad = ProcessRunner.Run(exe, ["-train", corpus, "-size", "abc"]);
        Assert.That(bad.ExitCode, Is.EqualTo(1));
        Assert.That(bad.Stderr, Is.EqualTo("ERROR: invalid value 'abc' for -size\n"));
    }
}
