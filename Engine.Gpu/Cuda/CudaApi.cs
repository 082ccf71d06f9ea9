namespace Word2VecNative.Gpu.Cuda;

/// <summary>The part of the CUDA driver API training needs, bound to <c>libcuda.so.1</c> (installed with the
/// NVIDIA driver) through function pointers resolved at first use.</summary>
internal static unsafe class CudaApi
{
    public const string Library = "libcuda.so.1";

    public const int Success = 0;
    public const int OutOfMemory = 2;
    public const int NoDevice = 100;
    public const int UnsupportedPtxVersion = 222;

    public const int AttributeMultiprocessorCount = 16;
    public const int AttributeComputeCapabilityMajor = 75;
    public const int AttributeComputeCapabilityMinor = 76;

    private static readonly Lazy<Functions?> s_functions = new(Load);
    private static string? s_loadError;

    public static bool Available => s_functions.Value != null;

    public static Functions Api => s_functions.Value ?? throw new Word2VecException(s_loadError!);

    private static Functions? Load()
    {
        nint lib = NativeLibraries.TryLoad([Library, "libcuda.so"], out _);
        if (lib == 0)
        {
            s_loadError = $"ERROR: {Library} (the CUDA driver) is not installed; install the NVIDIA driver on a machine with an NVIDIA GPU";
            return null;
        }
        var f = new Functions(lib);
        int st = f.Init(0);
        if (st == NoDevice)
        {
            s_loadError = "ERROR: the CUDA driver found no NVIDIA GPU (CUDA_ERROR_NO_DEVICE)";
            return null;
        }
        if (st != Success)
        {
            s_loadError = $"ERROR: cuInit failed with {ErrorName(f, st)}; check the NVIDIA driver installation";
            return null;
        }
        return f;
    }

    public static void Check(int status, string call)
    {
        if (status != Success) throw new Word2VecException($"ERROR: CUDA {call} failed with {ErrorName(Api, status)}");
    }

    public static string ErrorName(Functions f, int status)
    {
        byte* name = null;
        if (f.GetErrorName(status, &name) == Success && name != null)
            return $"{new string((sbyte*)name)} ({status})";
        return $"CUDA error {status}";
    }

    internal sealed class Functions(nint lib)
    {
        public readonly delegate* unmanaged<uint, int> Init =
            (delegate* unmanaged<uint, int>)NativeLibraries.Export(lib, Library, "cuInit");
        public readonly delegate* unmanaged<int, byte**, int> GetErrorName =
            (delegate* unmanaged<int, byte**, int>)NativeLibraries.Export(lib, Library, "cuGetErrorName");
        public readonly delegate* unmanaged<int*, int> DeviceGetCount =
            (delegate* unmanaged<int*, int>)NativeLibraries.Export(lib, Library, "cuDeviceGetCount");
        public readonly delegate* unmanaged<int*, int, int> DeviceGet =
            (delegate* unmanaged<int*, int, int>)NativeLibraries.Export(lib, Library, "cuDeviceGet");
        public readonly delegate* unmanaged<byte*, int, int, int> DeviceGetName =
            (delegate* unmanaged<byte*, int, int, int>)NativeLibraries.Export(lib, Library, "cuDeviceGetName");
        public readonly delegate* unmanaged<nuint*, int, int> DeviceTotalMem =
            (delegate* unmanaged<nuint*, int, int>)NativeLibraries.Export(lib, Library, "cuDeviceTotalMem_v2");
        public readonly delegate* unmanaged<int*, int, int, int> DeviceGetAttribute =
            (delegate* unmanaged<int*, int, int, int>)NativeLibraries.Export(lib, Library, "cuDeviceGetAttribute");
        public readonly delegate* unmanaged<int*, int> DriverGetVersion =
            (delegate* unmanaged<int*, int>)NativeLibraries.Export(lib, Library, "cuDriverGetVersion");
        public readonly delegate* unmanaged<nint*, int, int> DevicePrimaryCtxRetain =
            (delegate* unmanaged<nint*, int, int>)NativeLibraries.Export(lib, Library, "cuDevicePrimaryCtxRetain");
        public readonly delegate* unmanaged<int, int> DevicePrimaryCtxRelease =
            (delegate* unmanaged<int, int>)NativeLibraries.Export(lib, Library, "cuDevicePrimaryCtxRelease_v2");
        public readonly delegate* unmanaged<nint, int> CtxSetCurrent =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "cuCtxSetCurrent");
        public readonly delegate* unmanaged<nuint*, nuint*, int> MemGetInfo =
            (delegate* unmanaged<nuint*, nuint*, int>)NativeLibraries.Export(lib, Library, "cuMemGetInfo_v2");
        public readonly delegate* unmanaged<ulong*, nuint, int> MemAlloc =
            (delegate* unmanaged<ulong*, nuint, int>)NativeLibraries.Export(lib, Library, "cuMemAlloc_v2");
        public readonly delegate* unmanaged<ulong, int> MemFree =
            (delegate* unmanaged<ulong, int>)NativeLibraries.Export(lib, Library, "cuMemFree_v2");
        public readonly delegate* unmanaged<ulong, void*, nuint, int> MemcpyHtoD =
            (delegate* unmanaged<ulong, void*, nuint, int>)NativeLibraries.Export(lib, Library, "cuMemcpyHtoD_v2");
        public readonly delegate* unmanaged<ulong, void*, nuint, nint, int> MemcpyHtoDAsync =
            (delegate* unmanaged<ulong, void*, nuint, nint, int>)NativeLibraries.Export(lib, Library, "cuMemcpyHtoDAsync_v2");
        public readonly delegate* unmanaged<void*, ulong, nuint, int> MemcpyDtoH =
            (delegate* unmanaged<void*, ulong, nuint, int>)NativeLibraries.Export(lib, Library, "cuMemcpyDtoH_v2");
        public readonly delegate* unmanaged<nint*, void*, int> ModuleLoadData =
            (delegate* unmanaged<nint*, void*, int>)NativeLibraries.Export(lib, Library, "cuModuleLoadData");
        public readonly delegate* unmanaged<nint, int> ModuleUnload =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "cuModuleUnload");
        public readonly delegate* unmanaged<nint*, nint, byte*, int> ModuleGetFunction =
            (delegate* unmanaged<nint*, nint, byte*, int>)NativeLibraries.Export(lib, Library, "cuModuleGetFunction");
        public readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> LaunchKernel =
            (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)NativeLibraries.Export(lib, Library, "cuLaunchKernel");
        public readonly delegate* unmanaged<nint*, uint, int> StreamCreate =
            (delegate* unmanaged<nint*, uint, int>)NativeLibraries.Export(lib, Library, "cuStreamCreate");
        public readonly delegate* unmanaged<nint, int> StreamSynchronize =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "cuStreamSynchronize");
        public readonly delegate* unmanaged<nint, int> StreamDestroy =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "cuStreamDestroy_v2");
        public readonly delegate* unmanaged<nint*, uint, int> EventCreate =
            (delegate* unmanaged<nint*, uint, int>)NativeLibraries.Export(lib, Library, "cuEventCreate");
        public readonly delegate* unmanaged<nint, nint, int> EventRecord =
            (delegate* unmanaged<nint, nint, int>)NativeLibraries.Export(lib, Library, "cuEventRecord");
        public readonly delegate* unmanaged<nint, int> EventSynchronize =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "cuEventSynchronize");
        public readonly delegate* unmanaged<nint, int> EventDestroy =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "cuEventDestroy_v2");
    }
}
