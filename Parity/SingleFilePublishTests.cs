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
    public void Publish_TrimmedSingleFile_ListsDevicesAndTrainsOnOpenCl()
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
