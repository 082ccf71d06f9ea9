using Word2VecNative.Gpu.Cuda;
using Word2VecNative.Gpu.OpenCl;

namespace Word2VecNative.Gpu;

/// <summary>Device discovery and selection for both backends.</summary>
public static class GpuDevices
{
    /// <summary>What each backend sees (never throws for a missing driver: the report carries the reason).</summary>
    public static IReadOnlyList<GpuBackendReport> List() => [Report(GpuBackend.OpenCl), Report(GpuBackend.Cuda)];

    /// <summary>The devices of one backend, or the reason there are none.</summary>
    public static GpuBackendReport Report(GpuBackend backend)
    {
        try
        {
            return new GpuBackendReport(backend, Devices(backend), null);
        }
        catch (Word2VecException e)
        {
            return new GpuBackendReport(backend, [], e.Message);
        }
    }

    /// <summary>The devices of one backend; throws <see cref="Word2VecException"/> when the driver is absent or sees none.</summary>
    public static IReadOnlyList<GpuDeviceInfo> Devices(GpuBackend backend) => backend switch
    {
        GpuBackend.OpenCl => OpenClDevices.List().Select(d => d.Info).ToList(),
        GpuBackend.Cuda => CudaDevices.List(),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    /// <summary>The device <paramref name="index"/> of <paramref name="backend"/>, or a one-line error listing how many exist.</summary>
    public static GpuDeviceInfo Select(GpuBackend backend, int index)
    {
        var devices = Devices(backend);
        if (index < 0 || index >= devices.Count)
            throw new Word2VecException($"ERROR: -device {index} does not exist; the {Name(backend)} backend sees {devices.Count} device(s) (0 to {devices.Count - 1}); run 'word2vec devices'");
        return devices[index];
    }

    /// <summary>The backend's name as the command line spells it.</summary>
    public static string Name(GpuBackend backend) => backend == GpuBackend.Cuda ? "cuda" : "opencl";
}
