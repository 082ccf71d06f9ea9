using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>The command as Parity/bench/device-prepare.sh publishes it for a driver-only machine: self-contained, one file, trimmed.
/// ILGPU compiles the kernels from their IL and maps core-library methods to device intrinsics by reflection, which
/// trimming breaks unless those assemblies are kept whole: the binary lists the devices and trains on OpenCL.</summary>
[NonParallelizable]
public sealed class SingleFilePublishTests
{
    private TempDir? _published;
    private string? _exe;

    /// <summary>Publishes the command once for the tests of this class.</summary>
    private string Published()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            Assert.Ignore("checked on linux-x64");
            return null!;
        }
        if (_exe != null) return _exe;
        _published = new TempDir();
        string output = _published.File("single");
        var publish = ProcessRunner.Run("dotnet",
            ["publish", Path.Combine(RepoPaths.Root, "Cli"), "-c", "Release", "-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true",
                "-p:PublishTrimmed=true", "-p:InvariantGlobalization=true", "-o", output, "-nologo"],
            timeoutSeconds: 600);
        Assert.That(publish.ExitCode, Is.Zero, publish.StdoutText + publish.Stderr);
        return _exe = Path.Combine(output, "word2vec");
    }

    [OneTimeTearDown]
    public void RemovePublished() => _published?.Dispose();

    [Test]
    public void Publish_TrimmedSingleFile_ListsDevicesReadsCompressedCorporaAndTrainsOnOpenCl()
    {
        string exe = Published();
        using var dir = new TempDir();

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

    /// <summary>Parity/bench/device-run.sh end to end, as on a GPU machine, with OpenCL (PoCL here) in place of CUDA: the
    /// published binary in a device folder, a gzip corpus, two modes at one size, the GPU backend and the CPU engine side
    /// by side, each run under its timeout; the results come back as a TSV and a Markdown table.</summary>
    [Test]
    public void DeviceRun_OnOpenCl_WritesTheTableOfBothEngines()
    {
        string exe = Published();
        var report = GpuDevices.Report(GpuBackend.OpenCl);
        if (report.Devices.Count == 0)
        {
            if (RepoPaths.InCi) Assert.Fail($"no OpenCL device: {report.Error}");
            Assert.Ignore($"no OpenCL device: {report.Error}");
            return;
        }
        string questions = SharedData.Require("questions-words.txt");
        byte[] text = SharedData.Head("text8-prefix-12.5M", 1_000_000);
        using var dir = new TempDir();
        string device = Path.Combine(dir.Path, "device");
        Directory.CreateDirectory(device);
        File.CreateSymbolicLink(Path.Combine(device, "word2vec"), exe);
        File.Copy(questions, Path.Combine(device, "questions-words.txt"));
        using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(device, "text8-1M.gz")), System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(text);
        string output = dir.File("out");
        var run = ProcessRunner.Run("env",
            ["SIZES=40", "MODES=sg+ns cbow+hs", "BUDGET=400", "RUN_TIMEOUT=150", "bash", Path.Combine(RepoPaths.Root, "Parity", "bench", "device-run.sh"),
                "-d", device, "-c", Path.Combine(device, "text8-1M.gz"), "-o", output, "-b", "opencl", "-t", "2"],
            workingDirectory: dir.Path, timeoutSeconds: 500);
        TestContext.Out.WriteLine(run.StdoutText + run.Stderr);
        Assert.That(run.ExitCode, Is.Zero, run.Stderr);
        Assert.That(File.ReadAllText(Path.Combine(output, "devices.txt")), Does.StartWith("opencl:\n"));
        var rows = File.ReadAllLines(Path.Combine(output, "results.tsv")).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.That(rows.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"),
            Is.EqualTo(new[] { "sg+ns 40 opencl ok", "sg+ns 40 cpu ok", "cbow+hs 40 opencl ok", "cbow+hs 40 cpu ok" }));
        foreach (var r in rows)
        {
            Assert.That(long.Parse(r[5], CultureInfo.InvariantCulture), Is.GreaterThan(0), "kernel words/s of " + string.Join(' ', r[..3]));
            Assert.That(long.Parse(r[7], CultureInfo.InvariantCulture), Is.GreaterThan(0), "run words/s of " + string.Join(' ', r[..3]));
            Assert.That(double.Parse(r[8], CultureInfo.InvariantCulture), Is.InRange(0.0, 100.0), "accuracy of " + string.Join(' ', r[..3]));
        }
        string table = File.ReadAllText(Path.Combine(output, "results.md"));
        Assert.That(table, Does.Contain("| mode | size | opencl kernel |"));
        Assert.That(table, Does.Match(new Regex(@"\| sg\+ns \| 40 \| \d+\.\d\dM \|.*\| [+-]\d+\.\d\d \|\n")));
        Assert.That(table, Does.Match(new Regex(@"\| cbow\+hs \| 40 \| \d+\.\d\dM \|.*\| [+-]\d+\.\d\d \|\n")));
    }
}
