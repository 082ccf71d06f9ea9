using Word2VecNative.Gpu.Runtime;

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
            return new GpuBackendReport(backend, [], "ERROR: " + e.Message); // the report's line as the devices command prints it
        }
    }

    /// <summary>The devices of one backend; throws <see cref="Word2VecException"/> when the driver is absent or sees none.</summary>
    public static IReadOnlyList<GpuDeviceInfo> Devices(GpuBackend backend)
    {
        if (backend is not (GpuBackend.OpenCl or GpuBackend.Cuda)) throw new ArgumentOutOfRangeException(nameof(backend));
        string? why;
        try
        {
            why = IlgpuRuntime.Unavailable(backend);
        }
        catch (Exception e) when (e is not Word2VecException)
        {
            throw new Word2VecException($"ERROR: the {Name(backend)} driver failed while listing devices: {IlgpuRuntime.OneLine(e.Message)}", e);
        }
        if (why != null) throw new Word2VecException(why);
        var devices = IlgpuRuntime.DevicesOf(backend);
        return devices.Select((d, i) => IlgpuRuntime.Describe(backend, i, d)).ToList();
    }

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
