using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Gpu;

/// <summary>Where the GPU tests run: OpenCL (PoCL in CI) must be present in CI and is skipped elsewhere when absent;
/// CUDA is skipped wherever libcuda.so.1 is absent.</summary>
internal static class GpuTestEnvironment
{
    /// <summary>True where a missing prerequisite must fail rather than skip (CI sets CI=true).</summary>
    public static bool InCi => RepoPaths.InCi;

    /// <summary>The first OpenCL device, or the test is skipped (failed in CI) with the reason.</summary>
    public static GpuDeviceInfo RequireOpenCl()
    {
        var report = GpuDevices.Report(GpuBackend.OpenCl);
        if (report.Devices.Count == 0) Skip($"no OpenCL device: {report.Error}", failInCi: true);
        return report.Devices[0];
    }

    /// <summary>The first CUDA device, or the test is skipped with the reason (also in CI, which has no NVIDIA GPU).</summary>
    public static GpuDeviceInfo RequireCuda()
    {
        var report = GpuDevices.Report(GpuBackend.Cuda);
        if (report.Devices.Count == 0) Skip($"no CUDA device: {report.Error}", failInCi: false);
        return report.Devices[0];
    }

    /// <summary>A file of ../shared/data, decompressed once (see <see cref="SharedData"/>).</summary>
    public static string SharedFile(string name) => SharedData.Require(name);

    private static void Skip(string why, bool failInCi)
    {
        if (failInCi && InCi) Assert.Fail(why);
        Assert.Ignore(why);
    }
}
