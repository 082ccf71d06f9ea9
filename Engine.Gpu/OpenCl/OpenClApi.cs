namespace Word2VecNative.Gpu.OpenCl;

/// <summary>The part of the OpenCL 1.2 API training needs, bound to <c>libOpenCL.so.1</c> (the ICD loader)
/// through function pointers resolved at first use.</summary>
internal static unsafe class OpenClApi
{
    public const string Library = "libOpenCL.so.1";

    public const int Success = 0;
    public const int DeviceNotFound = -1;
    public const int OutOfResources = -5;
    public const int OutOfHostMemory = -6;
    public const int MemObjectAllocationFailure = -4;
    public const int BuildProgramFailure = -11;
    public const int InvalidBufferSize = -61;
    public const int PlatformNotFoundKhr = -1001;

    public const uint PlatformVersion = 0x0901;
    public const uint PlatformName = 0x0902;
    public const uint PlatformVendor = 0x0903;

    public const ulong DeviceTypeCpu = 1 << 1;
    public const ulong DeviceTypeGpu = 1 << 2;
    public const ulong DeviceTypeAccelerator = 1 << 3;
    public const ulong DeviceTypeAll = 0xFFFFFFFF;

    public const uint DeviceType = 0x1000;
    public const uint DeviceMaxComputeUnits = 0x1002;
    public const uint DeviceMaxWorkGroupSize = 0x1004;
    public const uint DeviceMaxMemAllocSize = 0x1010;
    public const uint DeviceGlobalMemSize = 0x101F;
    public const uint DeviceLocalMemSize = 0x1023;
    public const uint DeviceName = 0x102B;
    public const uint DeviceVendor = 0x102C;
    public const uint DeviceVersion = 0x102F;

    public const ulong MemReadWrite = 1 << 0;
    public const ulong MemReadOnly = 1 << 2;

    public const uint ProgramBuildLog = 0x1183;

    private static readonly Lazy<Functions?> s_functions = new(Load);
    private static string? s_loadError;

    /// <summary>True when the ICD loader is present.</summary>
    public static bool Available => s_functions.Value != null;

    /// <summary>Why the loader is unavailable (null when it is).</summary>
    public static string? LoadError => Available ? null : s_loadError;

    public static Functions Api => s_functions.Value ?? throw new Word2VecException(s_loadError!);

    private static Functions? Load()
    {
        nint lib = NativeLibraries.TryLoad([Library, "libOpenCL.so", "OpenCL"], out _);
        if (lib == 0)
        {
            s_loadError = $"ERROR: {Library} (the OpenCL ICD loader) is not installed; install ocl-icd-libopencl1 and an OpenCL driver such as pocl-opencl-icd (CPU) or the NVIDIA driver";
            return null;
        }
        return new Functions(lib);
    }

    /// <summary>Throws a one-line error naming the call and the OpenCL status.</summary>
    public static void Check(int status, string call)
    {
        if (status != Success) throw new Word2VecException($"ERROR: OpenCL {call} failed with {StatusName(status)}");
    }

    public static string StatusName(int status) => status switch
    {
        DeviceNotFound => "CL_DEVICE_NOT_FOUND (-1)",
        -2 => "CL_DEVICE_NOT_AVAILABLE (-2)",
        -3 => "CL_COMPILER_NOT_AVAILABLE (-3)",
        MemObjectAllocationFailure => "CL_MEM_OBJECT_ALLOCATION_FAILURE (-4)",
        OutOfResources => "CL_OUT_OF_RESOURCES (-5)",
        OutOfHostMemory => "CL_OUT_OF_HOST_MEMORY (-6)",
        BuildProgramFailure => "CL_BUILD_PROGRAM_FAILURE (-11)",
        -30 => "CL_INVALID_VALUE (-30)",
        -33 => "CL_INVALID_DEVICE (-33)",
        -36 => "CL_INVALID_COMMAND_QUEUE (-36)",
        -38 => "CL_INVALID_MEM_OBJECT (-38)",
        -46 => "CL_INVALID_KERNEL_NAME (-46)",
        -48 => "CL_INVALID_KERNEL (-48)",
        -49 => "CL_INVALID_ARG_INDEX (-49)",
        -50 => "CL_INVALID_ARG_VALUE (-50)",
        -51 => "CL_INVALID_ARG_SIZE (-51)",
        -52 => "CL_INVALID_KERNEL_ARGS (-52)",
        -54 => "CL_INVALID_WORK_GROUP_SIZE (-54)",
        InvalidBufferSize => "CL_INVALID_BUFFER_SIZE (-61)",
        PlatformNotFoundKhr => "CL_PLATFORM_NOT_FOUND_KHR (-1001)",
        _ => $"status {status}",
    };

    /// <summary>The entry points, resolved once.</summary>
    internal sealed class Functions(nint lib)
    {
        public readonly delegate* unmanaged<uint, nint*, uint*, int> GetPlatformIDs =
            (delegate* unmanaged<uint, nint*, uint*, int>)NativeLibraries.Export(lib, Library, "clGetPlatformIDs");
        public readonly delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> GetPlatformInfo =
            (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)NativeLibraries.Export(lib, Library, "clGetPlatformInfo");
        public readonly delegate* unmanaged<nint, ulong, uint, nint*, uint*, int> GetDeviceIDs =
            (delegate* unmanaged<nint, ulong, uint, nint*, uint*, int>)NativeLibraries.Export(lib, Library, "clGetDeviceIDs");
        public readonly delegate* unmanaged<nint, uint, nuint, void*, nuint*, int> GetDeviceInfo =
            (delegate* unmanaged<nint, uint, nuint, void*, nuint*, int>)NativeLibraries.Export(lib, Library, "clGetDeviceInfo");
        public readonly delegate* unmanaged<nint*, uint, nint*, nint, nint, int*, nint> CreateContext =
            (delegate* unmanaged<nint*, uint, nint*, nint, nint, int*, nint>)NativeLibraries.Export(lib, Library, "clCreateContext");
        public readonly delegate* unmanaged<nint, nint, ulong, int*, nint> CreateCommandQueue =
            (delegate* unmanaged<nint, nint, ulong, int*, nint>)NativeLibraries.Export(lib, Library, "clCreateCommandQueue");
        public readonly delegate* unmanaged<nint, ulong, nuint, void*, int*, nint> CreateBuffer =
            (delegate* unmanaged<nint, ulong, nuint, void*, int*, nint>)NativeLibraries.Export(lib, Library, "clCreateBuffer");
        public readonly delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> EnqueueWriteBuffer =
            (delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)NativeLibraries.Export(lib, Library, "clEnqueueWriteBuffer");
        public readonly delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int> EnqueueReadBuffer =
            (delegate* unmanaged<nint, nint, uint, nuint, nuint, void*, uint, nint*, nint*, int>)NativeLibraries.Export(lib, Library, "clEnqueueReadBuffer");
        public readonly delegate* unmanaged<nint, uint, byte**, nuint*, int*, nint> CreateProgramWithSource =
            (delegate* unmanaged<nint, uint, byte**, nuint*, int*, nint>)NativeLibraries.Export(lib, Library, "clCreateProgramWithSource");
        public readonly delegate* unmanaged<nint, uint, nint*, byte*, nint, nint, int> BuildProgram =
            (delegate* unmanaged<nint, uint, nint*, byte*, nint, nint, int>)NativeLibraries.Export(lib, Library, "clBuildProgram");
        public readonly delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int> GetProgramBuildInfo =
            (delegate* unmanaged<nint, nint, uint, nuint, void*, nuint*, int>)NativeLibraries.Export(lib, Library, "clGetProgramBuildInfo");
        public readonly delegate* unmanaged<nint, byte*, int*, nint> CreateKernel =
            (delegate* unmanaged<nint, byte*, int*, nint>)NativeLibraries.Export(lib, Library, "clCreateKernel");
        public readonly delegate* unmanaged<nint, uint, nuint, void*, int> SetKernelArg =
            (delegate* unmanaged<nint, uint, nuint, void*, int>)NativeLibraries.Export(lib, Library, "clSetKernelArg");
        public readonly delegate* unmanaged<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int> EnqueueNDRangeKernel =
            (delegate* unmanaged<nint, nint, uint, nuint*, nuint*, nuint*, uint, nint*, nint*, int>)NativeLibraries.Export(lib, Library, "clEnqueueNDRangeKernel");
        public readonly delegate* unmanaged<nint, uint, nint*, nint*, int> EnqueueMarkerWithWaitList =
            (delegate* unmanaged<nint, uint, nint*, nint*, int>)NativeLibraries.Export(lib, Library, "clEnqueueMarkerWithWaitList");
        public readonly delegate* unmanaged<uint, nint*, int> WaitForEvents =
            (delegate* unmanaged<uint, nint*, int>)NativeLibraries.Export(lib, Library, "clWaitForEvents");
        public readonly delegate* unmanaged<nint, int> ReleaseEvent =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clReleaseEvent");
        public readonly delegate* unmanaged<nint, int> Flush =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clFlush");
        public readonly delegate* unmanaged<nint, int> Finish =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clFinish");
        public readonly delegate* unmanaged<nint, int> ReleaseMemObject =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clReleaseMemObject");
        public readonly delegate* unmanaged<nint, int> ReleaseKernel =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clReleaseKernel");
        public readonly delegate* unmanaged<nint, int> ReleaseProgram =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clReleaseProgram");
        public readonly delegate* unmanaged<nint, int> ReleaseCommandQueue =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clReleaseCommandQueue");
        public readonly delegate* unmanaged<nint, int> ReleaseContext =
            (delegate* unmanaged<nint, int>)NativeLibraries.Export(lib, Library, "clReleaseContext");
    }
}
