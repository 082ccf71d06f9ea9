using static Word2VecNative.Gpu.Cuda.CudaApi;

namespace Word2VecNative.Gpu.Cuda;

/// <summary>Enumerates CUDA devices in driver order.</summary>
internal static unsafe class CudaDevices
{
    public static IReadOnlyList<GpuDeviceInfo> List()
    {
        var api = Api;
        int count = 0;
        Check(api.DeviceGetCount(&count), "cuDeviceGetCount");
        if (count == 0) throw new Word2VecException("ERROR: the CUDA driver found no NVIDIA GPU");
        int driver = 0;
        api.DriverGetVersion(&driver);
        var result = new List<GpuDeviceInfo>(count);
        byte* name = stackalloc byte[256];
        for (int i = 0; i < count; i++)
        {
            int dev;
            Check(api.DeviceGet(&dev, i), "cuDeviceGet");
            Check(api.DeviceGetName(name, 256, dev), "cuDeviceGetName");
            nuint mem;
            Check(api.DeviceTotalMem(&mem, dev), "cuDeviceTotalMem");
            var (major, minor) = ComputeCapability(dev);
            int sms = Attribute(dev, AttributeMultiprocessorCount);
            result.Add(new GpuDeviceInfo(GpuBackend.Cuda, i, new string((sbyte*)name), $"CUDA driver {driver / 1000}.{driver % 1000 / 10}",
                false, (long)mem, (long)mem, sms, $"compute capability {major}.{minor}"));
        }
        return result;
    }

    internal static (int Major, int Minor) ComputeCapability(int dev) =>
        (Attribute(dev, AttributeComputeCapabilityMajor), Attribute(dev, AttributeComputeCapabilityMinor));

    private static int Attribute(int dev, int attribute)
    {
        int v;
        Check(Api.DeviceGetAttribute(&v, attribute, dev), "cuDeviceGetAttribute");
        return v;
    }
}
