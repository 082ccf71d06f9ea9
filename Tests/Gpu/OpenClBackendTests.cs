using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>OpenCL device handling, errors, and the command line's -backend, -device and devices verb.</summary>
[TestFixture]
[NonParallelizable]
public sealed class OpenClBackendTests
{
    private TempDir _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDir("w2v-gpu");

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void DevicesVerbListsBothBackends()
    {
        var (code, output, _) = OurCli.Run("devices");
        Assert.That(code, Is.EqualTo(0));
        Assert.That(output, Does.Contain("opencl:").And.Contain("cuda:"));
    }

    [Test]
    public void UnknownBackendIsOneLineError()
    {
        var (code, _, err) = OurCli.Run("-train", "x", "-output", "y", "-backend", "vulkan");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.TrimEnd(), Is.EqualTo("ERROR: invalid value 'vulkan' for -backend (use cpu, opencl or cuda)"));
    }

    [Test]
    public void MissingDeviceIsOneLineError()
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        string text = _dir.File("t.txt");
        File.WriteAllText(text, string.Join(' ', Enumerable.Repeat("a b c d e", 50)));
        var (code, _, err) = OurCli.Run("-train", text, "-output", _dir.File("v.txt"), "-min-count", "1", "-backend", "opencl", "-device", "99", "-debug", "0");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.TrimEnd(), Does.StartWith("ERROR: -device 99 does not exist").And.Not.Contain("\n"));
        Assert.That(device.Name, Is.Not.Empty);
    }

    /// <summary>-device takes several indices (data parallel); one past the last, a repeated one or a malformed list is
    /// one error line before the corpus is read (it does not exist here), and nothing is written.</summary>
    [TestCase("0,99", "ERROR: -device 99 does not exist")]
    [TestCase("0,0", "ERROR: -device names device 0 twice")]
    [TestCase("0,x", "ERROR: -device takes device indices separated by commas (got 0,x)")]
    [TestCase("0,", "ERROR: -device takes device indices separated by commas (got 0,)")]
    public void DeviceList_BadEntry_IsOneLineError(string devices, string expected)
    {
        GpuTestEnvironment.RequireOpenCl();
        string output = _dir.File("v.txt");
        var (code, stdout, err) = OurCli.Run("-train", _dir.File("never-read.txt"), "-output", output, "-min-count", "1", "-backend", "opencl", "-device", devices, "-debug", "2");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty, "the corpus was read before the devices were checked");
        Assert.That(err.TrimEnd(), Does.StartWith(expected).And.Not.Contain("\n"));
        Assert.That(File.Exists(output), Is.False);
    }

    /// <summary>Options the device cannot train are refused when the kernels are prepared, before the corpus is read:
    /// the CLI prints no "Starting training" line, and the library never opens the (missing) corpus.</summary>
    [Test]
    public void SizeBeyondSharedMemory_IsRefusedBeforeTheCorpusIsRead()
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        string text = _dir.File("t.txt");
        File.WriteAllText(text, string.Join(' ', Enumerable.Repeat("a b c d e", 50)));
        var (code, output, err) = OurCli.Run("-train", text, "-output", _dir.File("v.txt"), "-size", "100000", "-min-count", "1", "-backend", "opencl", "-device", device.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(err.TrimEnd(), Does.StartWith("ERROR: -size 100000 needs").And.Contain("shared memory").And.Not.Contain("\n"));
        Assert.That(output, Is.Empty, "the corpus was read before the device refused the options");

        using var missing = TrainingCorpus.FromFile(_dir.File("missing.txt"));
        var e = Assert.Throws<Word2VecException>(() => GpuTrainer.Train(new TrainingOptions { Size = 100000 }, missing, null, GpuBackend.OpenCl, device.Index))!;
        Assert.That(e.Message, Does.Contain("shared memory"), "the library read the corpus before preparing the kernels");
    }

    /// <summary>What a device does not train (-stop-after, -compute-loss: <see cref="OptionTraits.RefusedOnGpu"/>) is
    /// refused by the library too, in one line and before the corpus (here missing) is read.</summary>
    [Test]
    public void StopAfterAndLoss_AreRefusedByTheTrainer_BeforeTheCorpusIsRead()
    {
        using var missing = TrainingCorpus.FromFile(_dir.File("missing.txt"));
        using var cpu = GpuTestEnvironment.Accelerator("cpu");
        var stop = TrainingSetup.Create(new TrainingOptions { StopAfterEpoch = 1 }, missing);
        var e = Assert.Throws<Word2VecException>(() => GpuTrainer.Train(stop, cpu.Accelerator, cpu.Info, null, CancellationToken.None, new GpuTrainingSettings()))!;
        Assert.That(e.Message, Is.EqualTo("-stop-after needs the CPU trainer (-backend cpu); a GPU backend does not support it"));
        var both = TrainingSetup.Create(new TrainingOptions { StopAfterEpoch = 1, ComputeLoss = true }, missing);
        e = Assert.Throws<Word2VecException>(() => GpuTrainer.Train(both, cpu.Accelerator, cpu.Info, null, CancellationToken.None, new GpuTrainingSettings()))!;
        Assert.That(e.Message, Is.EqualTo("-compute-loss and -stop-after need the CPU trainer (-backend cpu); a GPU backend does not support them"));
    }

    /// <summary>The same through the public entries on a device: <see cref="GpuSession.Prepare"/>,
    /// <see cref="GpuSession.Train"/> and <see cref="GpuTrainer"/>'s.</summary>
    [Test]
    public void StopAfterAndLoss_AreRefusedByTheSessionAndTheTrainer()
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        using var missing = TrainingCorpus.FromFile(_dir.File("missing.txt"));
        var loss = new TrainingOptions { ComputeLoss = true };
        const string Refused = "-compute-loss needs the CPU trainer (-backend cpu); a GPU backend does not support it";
        using var session = GpuSession.Open(GpuBackend.OpenCl, device.Index);
        Assert.That(Assert.Throws<Word2VecException>(() => session.Prepare(loss))!.Message, Is.EqualTo(Refused));
        Assert.That(Assert.Throws<Word2VecException>(() => session.Train(TrainingSetup.Create(loss, missing)))!.Message, Is.EqualTo(Refused));
        Assert.That(Assert.Throws<Word2VecException>(() => GpuTrainer.Train(loss, missing, null, GpuBackend.OpenCl, device.Index))!.Message, Is.EqualTo(Refused));
        Assert.That(Assert.Throws<Word2VecException>(() => GpuTrainer.Train(TrainingSetup.Create(loss, missing), GpuBackend.OpenCl, device.Index))!.Message,
            Is.EqualTo(Refused));
        Assert.That(() => session.Prepare(new TrainingOptions { Threads = 3, Arithmetic = Arithmetic.Exact }), Throws.Nothing, "what does not apply is ignored");
    }

    [Test]
    public void ModelTooLargeForDeviceIsOneLineError()
    {
        using var device = GpuTestEnvironment.Accelerator("opencl");
        var e = Assert.Throws<Word2VecException>(() =>
            Word2VecNative.Gpu.Host.DeviceModel.Allocate<float>(device.Accelerator, device.Info.Name, device.Info.MaxAllocationBytes / 4 + 1024, "input vectors (syn0)"));
        Assert.That(e!.Message, Does.StartWith("the model does not fit").And.Contain("input vectors").And.Not.Contain("\n"));
    }

    [TestCase("0", "0", "5")]
    [TestCase("1", "1", "0")]
    [TestCase("0", "1", "3")]
    public void CliTrainingWritesTheCpuFormat(string cbow, string hs, string negative)
    {
        GpuTestEnvironment.RequireOpenCl();
        string text = _dir.File("t.txt");
        var r = new Random(7);
        File.WriteAllLines(text, Enumerable.Range(0, 400).Select(_ => string.Join(' ', Enumerable.Range(0, 30).Select(_ => $"w{(int)Math.Sqrt(r.Next(400))}"))));
        string[] common = ["-train", text, "-size", "24", "-min-count", "1", "-iter", "2", "-cbow", cbow, "-hs", hs, "-negative", negative, "-debug", "0", "-binary", "0"];
        var cpu = OurCli.Run([.. common, "-output", _dir.File("cpu.txt"), "-threads", "1"]);
        var gpu = OurCli.Run([.. common, "-output", _dir.File("gpu.txt"), "-backend", "opencl", "-device", "0"]);
        Assert.That(cpu.Code, Is.EqualTo(0), cpu.Stderr);
        Assert.That(gpu.Code, Is.EqualTo(0), gpu.Stderr);
        var a = File.ReadAllLines(_dir.File("cpu.txt"));
        var b = File.ReadAllLines(_dir.File("gpu.txt"));
        Assert.That(b[0], Is.EqualTo(a[0]));
        Assert.That(b.Select(l => l.Split(' ')[0]), Is.EqualTo(a.Select(l => l.Split(' ')[0])));
        Assert.That(b.Skip(1).Select(l => l.TrimEnd().Split(' ').Length), Is.All.EqualTo(25));
        Assert.That(b.SequenceEqual(a), Is.False, "the device did not train");
    }

    /// <summary>A learning rate far too high turns the vectors into NaN; the device's sigmoid lookup must stay inside
    /// its table then (an index computed from NaN once crashed the process), and the run is refused as diverged.
    /// Run as a separate process, so that a crash fails this test only.</summary>
    [Test]
    public void DivergingRun_IsReportedNotACrash()
    {
        GpuTestEnvironment.RequireOpenCl();
        string text = _dir.File("t.txt");
        var r = new Random(3);
        File.WriteAllLines(text, Enumerable.Range(0, 300).Select(_ => string.Join(' ', Enumerable.Range(0, 30).Select(_ => $"w{r.Next(60)}"))));
        string exe = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "word2vec");
        foreach (var model in new[] { new[] { "-cbow", "0", "-hs", "0", "-negative", "5" }, ["-cbow", "1", "-hs", "1", "-negative", "5"] })
        {
            var run = Word2VecNative.Parity.Infrastructure.ProcessRunner.Run(exe,
                ["-train", text, "-output", _dir.File("v.txt"), "-size", "16", "-min-count", "1", "-iter", "30", "-alpha", "1000",
                    "-backend", "opencl", "-debug", "0", .. model], _dir.Path, timeoutSeconds: 300);
            Assert.That(run.ExitCode, Is.EqualTo(1), $"{string.Join(' ', model)}: {run.Stderr}");
            Assert.That(run.Stderr, Does.StartWith("ERROR: training diverged: "));
            Assert.That(File.Exists(_dir.File("v.txt")), Is.False);
        }
    }
}
