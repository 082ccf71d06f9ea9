using ILGPU.Runtime.Cuda;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Gpu.Runtime;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>What a driver-only machine needs: the device is opened before the corpus is read (a missing driver or a
/// bad -device is one line, at once), and the PTX targets an architecture and ISA the installed driver accepts.</summary>
[TestFixture]
[NonParallelizable]
public sealed class DeploymentTests
{
    private static readonly CudaDriverVersion s_cuda13 = CudaDriverVersion.FromMajorMinor(13, 0);

    [Test]
    public void PtxIsaIsTheNewestTheDriverAccepts()
    {
        var t = PtxTarget.Choose(9, 0, CudaDriverVersion.FromMajorMinor(12, 4), "H100", out string? error);
        Assert.That(error, Is.Null);
        Assert.That(t!.Value.InstructionSet, Is.EqualTo(CudaInstructionSet.ISA_84), "the newest ISA a CUDA 12.4 driver accepts");
        Assert.That(t.Value.ToString(), Is.EqualTo("compute capability 9.0, PTX ISA 8.4"));

        t = PtxTarget.Choose(12, 0, CudaDriverVersion.FromMajorMinor(12, 8), "RTX 5090", out error);
        Assert.That(error, Is.Null);
        Assert.That(t!.Value.InstructionSet, Is.EqualTo(CudaInstructionSet.ISA_87));
    }

    [TestCase(14, 0)] // newer than any architecture ILGPU 1.5.3 knows (12.1)
    [TestCase(11, 0)] // between two it knows (10.3 and 12.0)
    public void PtxForADeviceIlgpuDoesNotKnowUsesItsNewestIsaUnderANewerDriver(int major, int minor)
    {
        var t = PtxTarget.Choose(major, minor, s_cuda13, "new GPU", out string? error);
        Assert.That(error, Is.Null);
        Assert.That(t!.Value.InstructionSet, Is.EqualTo(CudaInstructionSet.ISA_88), "the newest ISA ILGPU 1.5.3 writes; a CUDA 13 driver accepts it");
    }

    [Test]
    public void PtxForADriverTooOldIsOneLineNamingTheVersionNeeded()
    {
        var t = PtxTarget.Choose(9, 0, CudaDriverVersion.FromMajorMinor(11, 7), "H100", out string? error);
        Assert.That(t, Is.Null);
        Assert.That(error, Is.EqualTo("ERROR: the NVIDIA driver (CUDA 11.7) is too old for H100 (compute capability 9.0): its PTX needs a driver of CUDA 11.8 or later; update the driver"));

        t = PtxTarget.Choose(12, 0, CudaDriverVersion.FromMajorMinor(12, 6), "RTX 5090", out error);
        Assert.That(t, Is.Null);
        Assert.That(error, Does.Contain("CUDA 12.8 or later").And.Not.Contain("\n"));
    }

    /// <summary>What the driver is given: the chosen ISA, and a target no newer than the device (so the driver compiles
    /// it for the device) and no newer than that ISA allows (sm_80 needs ISA 7.0).</summary>
    [TestCase(7, 5, 11, 0)]
    [TestCase(9, 0, 12, 4)]
    [TestCase(12, 0, 12, 8)]
    [TestCase(14, 0, 13, 0)]
    public void IlgpuWritesPtxTheDriverAccepts(int major, int minor, int driverMajor, int driverMinor)
    {
        var t = PtxTarget.Choose(major, minor, CudaDriverVersion.FromMajorMinor(driverMajor, driverMinor), "GPU", out _)!.Value;
        var shape = KernelShape.Create(16, KernelShape.PaddedStride(16), 2, 2, 32, false, false, true, true);
        var (train, subsample) = KernelCompiler.Ptx(shape, shape.SharedFloatsPerTeam, new CudaArchitecture(major, minor), t.InstructionSet);
        foreach (string ptx in new[] { train, subsample })
        {
            Assert.That(ptx, Does.Contain($".version {t.InstructionSet.Major}.{t.InstructionSet.Minor}\n"));
            var target = System.Text.RegularExpressions.Regex.Match(ptx, @"\.target sm_(\d+)(\d)\n");
            Assert.That(target.Success, Is.True);
            int targetMajor = int.Parse(target.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            int targetMinor = int.Parse(target.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(targetMajor * 10 + targetMinor, Is.LessThanOrEqualTo(Math.Min(major * 10 + minor, 80)), target.Value);
        }
    }

    /// <summary>A device index past the backend's last: the error is the driver's absence or the missing index.</summary>
    private static (int Index, string Expected) BadDevice(GpuBackend backend)
    {
        var report = GpuDevices.Report(backend);
        int index = report.Devices.Count;
        return (index, report.Error ?? $"ERROR: -device {index} does not exist");
    }

    private static string MissingCorpus() => Path.Combine(Path.GetTempPath(), "w2v-never-read-" + TempDir.Unique(), "corpus.txt");

    [TestCase(GpuBackend.OpenCl)]
    [TestCase(GpuBackend.Cuda)]
    public void LibraryOpensTheDeviceBeforeReadingTheCorpus(GpuBackend backend)
    {
        var (index, expected) = BadDevice(backend);
        using var corpus = TrainingCorpus.FromFile(MissingCorpus());
        var e = Assert.Throws<Word2VecException>(() => GpuTrainer.Train(new TrainingOptions { MinCount = 1 }, corpus, null, backend, index))!;
        // The report's line is the devices command's ("ERROR: ..."); the exception's message is the library's, without it.
        Assert.That(e.Message, Does.StartWith(expected.Replace("ERROR: ", "", StringComparison.Ordinal)), "the corpus would have been reported missing had it been read first");
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [TestCase("opencl", GpuBackend.OpenCl)]
    [TestCase("cuda", GpuBackend.Cuda)]
    public void CommandLineReportsABadDeviceBeforeAnyOutput(string name, GpuBackend backend)
    {
        var (index, expected) = BadDevice(backend);
        string output = Path.Combine(Path.GetTempPath(), "w2v-vectors-" + TempDir.Unique() + ".txt");
        var (code, stdout, err) = OurCli.Run("-train", MissingCorpus(), "-output", output, "-backend", name, "-device", index.ToString(System.Globalization.CultureInfo.InvariantCulture), "-debug", "2");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stdout, Is.Empty, "nothing is printed (not even 'Starting training') before the device is checked");
        Assert.That(err, Does.StartWith(expected).And.EndWith("\n"));
        Assert.That(err.TrimEnd('\n'), Does.Not.Contain("\n"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void ASessionHoldsAnOpenDevice()
    {
        var info = GpuTestEnvironment.RequireOpenCl();
        using var session = GpuSession.Open(GpuBackend.OpenCl, info.Index);
        Assert.That(session.Device, Is.EqualTo(info));
    }
}
