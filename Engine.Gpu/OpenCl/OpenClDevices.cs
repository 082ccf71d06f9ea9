using static Word2VecNative.Gpu.OpenCl.OpenClApi;

namespace Word2VecNative.Gpu.OpenCl;

/// <summary>Enumerates OpenCL platforms and their devices, numbered in platform order.</summary>
internal static unsafe class OpenClDevices
{
    internal readonly record struct Entry(nint Platform, nint Device, GpuDeviceInfo Info);

    public const string NoPlatform = "ERROR: no OpenCL platform found; install an OpenCL driver such as pocl-opencl-icd (CPU) or the NVIDIA driver";

    public static IReadOnlyList<Entry> List()
    {
        var api = Api;
        uint n = 0;
        int st = api.GetPlatformIDs(0, null, &n);
        if (st == PlatformNotFoundKhr || n == 0) throw new Word2VecException(NoPlatform);
        Check(st, "clGetPlatformIDs");
        var platforms = new nint[n];
        fixed (nint* p = platforms) Check(api.GetPlatformIDs(n, p, null), "clGetPlatformIDs");
        var result = new List<Entry>();
        foreach (nint platform in platforms)
        {
            string pname = PlatformString(platform, PlatformName);
            uint nd = 0;
            st = api.GetDeviceIDs(platform, DeviceTypeAll, 0, null, &nd);
            if (st == DeviceNotFound || nd == 0) continue;
            Check(st, "clGetDeviceIDs");
            var devices = new nint[nd];
            fixed (nint* d = devices) Check(api.GetDeviceIDs(platform, DeviceTypeAll, nd, d, null), "clGetDeviceIDs");
            foreach (nint device in devices)
            {
                ulong type = DeviceULong(device, OpenClApi.DeviceType);
                var info = new GpuDeviceInfo(GpuBackend.OpenCl, result.Count, DeviceString(device, DeviceName), pname,
                    (type & DeviceTypeCpu) != 0, (long)DeviceULong(device, DeviceGlobalMemSize), (long)DeviceULong(device, DeviceMaxMemAllocSize),
                    (int)DeviceUInt(device, DeviceMaxComputeUnits), DeviceString(device, DeviceVersion));
                result.Add(new Entry(platform, device, info));
            }
        }
        if (result.Count == 0)
            throw new Word2VecException("ERROR: the OpenCL platforms found have no devices; install a driver for your device (the NVIDIA driver, ROCm, intel-opencl-icd) or pocl-opencl-icd for the CPU");
        return result;
    }

    private static string PlatformString(nint platform, uint param)
    {
        nuint size = 0;
        Check(Api.GetPlatformInfo(platform, param, 0, null, &size), "clGetPlatformInfo");
        var buf = new byte[(int)size + 1];
        fixed (byte* b = buf) Check(Api.GetPlatformInfo(platform, param, size, b, null), "clGetPlatformInfo");
        return NativeLibraries.FromBytes(buf);
    }

    internal static string DeviceString(nint device, uint param)
    {
        nuint size = 0;
        Check(Api.GetDeviceInfo(device, param, 0, null, &size), "clGetDeviceInfo");
        var buf = new byte[(int)size + 1];
        fixed (byte* b = buf) Check(Api.GetDeviceInfo(device, param, size, b, null), "clGetDeviceInfo");
        return NativeLibraries.FromBytes(buf);
    }

    internal static ulong DeviceULong(nint device, uint param)
    {
        ulong v = 0;
        Check(Api.GetDeviceInfo(device, param, sizeof(ulong), &v, null), "clGetDeviceInfo");
        return v;
    }

    internal static uint DeviceUInt(nint device, uint param)
    {
        uint v = 0;
        Check(Api.GetDeviceInfo(device, param, sizeof(uint), &v, null), "clGetDeviceInfo");
        return v;
    }

    internal static nuint DeviceSize(nint device, uint param)
    {
        nuint v = 0;
        Check(Api.GetDeviceInfo(device, param, (nuint)sizeof(nuint), &v, null), "clGetDeviceInfo");
        return v;
    }
}
