using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>The command published as gpu-bench.sh takes it to a driver-only machine: self-contained, one file, trimmed.
/// ILGPU compiles the kernels from their IL and maps core-library methods to device intrinsics by reflection, which
/// trimming breaks unless those assemblies are kept whole: the binary lists the devices and trains on OpenCL.</summary>
[NonParallelizable]
public sealed class SingleFilePublishTests
{
    [Test]
    public void Publish_TrimmedSingleFile_ListsDevicesReadsCompressedCorporaAndTrainsOnOpenCl()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("checked on linux-x64");
            return;
        }
        using var dir = new TempDir();
        string output = dir.File("single");
        var publish = ProcessRunner.Run("dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "Cli"), "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true",
                "-p:PublishTrimmed=true", "-p:InvariantGlobalization=true", "-o", output, "-nologo"],
            timeoutSeconds: 600);
        Assert.That(publish.ExitCode, Is.Zero, publish.StdoutText + publish.Stderr);
        string exe = Path.Combine(output, "word2vec");

        var devices = ProcessRunner.RunChecked(exe, ["devices"]);
        Assert.That(devices.StdoutText, Does.StartWith("opencl:\n").And.Contain("\ncuda:\n"));

        // The decoders survive trimming: each compressed corpus trains the plain file's bytes (exact mode).
        string text = dir.Write("text.txt", string.Concat(Enumerable.Range(0, 400).Select(i => $"the dog ran to the park number{i % 5}\n")));
        string[] exact = ["-size", "8", "-min-count", "1", "-iter", "1", "-threads", "1", "-exact", "1", "-debug", "0"];
        ProcessRunner.RunChecked(exe, ["-train", text, "-output", dir.File("plain.txt"), .. exact]);
        foreach (var (tool, command) in new[] { ("gzip", "gzip -c"), ("bzip2", "bzip2 -c"), ("xz", "xz -c"), ("zstd", "zstd -q -c") })
        {
            if (ProcessRunner.Run("sh", ["-c", $"command -v {tool}"]).ExitCode != 0) continue;
            ProcessRunner.RunChecked("sh", ["-c", $"{command} text.txt > text.{tool}"], workingDirectory: dir.Path);
            ProcessRunner.RunChecked(exe, ["-train", dir.File("text." + tool), "-output", dir.File(tool + ".txt"), .. exact]);
            Assert.That(File.ReadAllBytes(dir.File(tool + ".txt")), Is.EqualTo(File.ReadAllBytes(dir.File("plain.txt"))), tool);
        }

        var report = GpuDevices.Report(GpuBackend.OpenCl);
        if (report.Devices.Count == 0)
        {
            if (RepoPaths.InCi) Assert.Fail($"no OpenCL device: {report.Error}");
            Assert.Ignore($"no OpenCL device: {report.Error}");
            return;
        }
        string corpus = dir.Write("corpus.txt", string.Concat(Enumerable.Range(0, 400).Select(i => $"the cat sat on the mat number{i % 7}\n")));
        string vectors = dir.File("vectors.txt");
        var train = ProcessRunner.Run(exe, ["-train", corpus, "-output", vectors, "-size", "8", "-min-count", "1", "-iter", "1", "-backend", "opencl",
            "-device", "0", "-debug", "1", "-timing", "1"]);
        Assert.That(train.ExitCode, Is.Zero, train.Stderr);
        Assert.That(train.StdoutText, Does.Match(new Regex(@"\nTraining time: \d+\.\d{3} s, \d+ words, \d+ words/s\n$")));
        Assert.That(File.ReadLines(vectors).First(), Is.EqualTo("13 8"));
    }
}
