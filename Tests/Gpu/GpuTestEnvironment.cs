using ILGPU;
using ILGPU.Runtime;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Runtime;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Gpu;

/// <summary>Where the GPU tests run: ILGPU's CPU accelerator everywhere; OpenCL (PoCL in CI) must be present in CI and
/// is skipped elsewhere when absent; CUDA is skipped wherever libcuda.so.1 is absent.</summary>
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

    /// <summary>Where a kernel test runs: ILGPU's CPU accelerator (warps of <paramref name="warpSize"/> lanes), the first
    /// OpenCL device, or the first CUDA device.</summary>
    public static Device Open(string where, int warpSize, out Context? ownContext, out GpuDeviceInfo info)
    {
        ownContext = null;
        switch (where)
        {
            case "cpu":
                ownContext = IlgpuRuntime.CreateCpu(warpSize, 4);
                var cpu = ownContext.Devices[0];
                info = IlgpuRuntime.Describe(GpuBackend.OpenCl, 0, cpu);
                return cpu;
            case "opencl":
                info = RequireOpenCl();
                return IlgpuRuntime.DevicesOf(GpuBackend.OpenCl)[info.Index];
            default:
                info = RequireCuda();
                return IlgpuRuntime.DevicesOf(GpuBackend.Cuda)[info.Index];
        }
    }

    /// <summary>An accelerator for a kernel test; dispose it (and its context, for the CPU accelerator) afterwards.</summary>
    public static TestAccelerator Accelerator(string where, int warpSize = 8)
    {
        var device = Open(where, warpSize, out var context, out var info);
        return new TestAccelerator(IlgpuRuntime.Open(context ?? IlgpuRuntime.Devices, device), context, info);
    }

    /// <summary>A file of ../shared/data, decompressed once (see <see cref="SharedData"/>).</summary>
    public static string SharedFile(string name) => SharedData.Require(name);

    private static void Skip(string why, bool failInCi)
    {
        if (failInCi && InCi) Assert.Fail(why);
        Assert.Ignore(why);
    }
}

/// <summary>An open accelerator with the context it was made in, when the test owns that.</summary>
internal sealed class TestAccelerator(Accelerator accelerator, Context? context, GpuDeviceInfo info) : IDisposable
{
    public Accelerator Accelerator { get; } = accelerator;

    public GpuDeviceInfo Info { get; } = info;

    public void Dispose()
    {
        Accelerator.Dispose();
        context?.Dispose();
    }
}
