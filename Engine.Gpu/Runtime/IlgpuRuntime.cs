using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using ILGPU.Runtime.OpenCL;

namespace Word2VecNative.Gpu.Runtime;

/// <summary>
/// The ILGPU context that sees the machine's CUDA and OpenCL devices, and the reasons a backend sees none. ILGPU binds
/// the drivers by the names "cuda" and "OpenCL", which Linux resolves to libcuda.so and libOpenCL.so, the development
/// links a driver-only machine lacks; a resolver maps them to the sonames the drivers install (libcuda.so.1,
/// libOpenCL.so.1) first.
/// </summary>
internal static class IlgpuRuntime
{
    public const string NoJit = "ERROR: GPU training needs the .NET JIT (ILGPU compiles the kernels from their IL when training starts) and this word2vec was published with NativeAOT; use the single-file or framework-dependent build";
    public const string NoCudaDriver = "ERROR: libcuda.so.1 (the CUDA driver) is not installed; install the NVIDIA driver on a machine with an NVIDIA GPU";
    public const string NoCudaDevice = "ERROR: the CUDA driver found no NVIDIA GPU (or failed to initialise; check nvidia-smi)";
    public const string NoOpenClLoader = "ERROR: libOpenCL.so.1 (the OpenCL ICD loader) is not installed; install ocl-icd-libopencl1 and a driver such as pocl-opencl-icd (CPU) or the NVIDIA driver";
    public const string NoOpenClDevice = "ERROR: no OpenCL platform with a device found; install an OpenCL driver such as pocl-opencl-icd (CPU), the NVIDIA driver, ROCm or intel-opencl-icd";

    private static readonly string[] s_cudaNames = ["libcuda.so.1", "libcuda.so"];
    private static readonly string[] s_openClNames = ["libOpenCL.so.1", "libOpenCL.so"];
    private static readonly Lazy<Context> s_context = new(() => Create(b => b.Cuda().OpenCL(_ => true)));
    private static int s_resolver;

    /// <summary>False in a NativeAOT build, where ILGPU cannot read IL or emit its launchers.</summary>
    public static bool JitAvailable => RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>The context of the machine's CUDA and OpenCL devices (made once).</summary>
    public static Context Devices => s_context.Value;

    /// <summary>A context with ILGPU's CPU accelerator only, whose warps have <paramref name="warpSize"/> lanes
    /// (for running the kernels without a device).</summary>
    public static Context CreateCpu(int warpSize, int warpsPerGroup) =>
        Create(b => b.CPU(new CPUDevice(warpSize, warpsPerGroup, 1)));

    /// <summary>A context for compiling kernels only (no device is opened).</summary>
    public static Context CreateCompilerOnly() => Create(b => { });

    private static Context Create(Action<Context.Builder> devices)
    {
        InstallResolver();
        return Context.Create(b =>
        {
            b.Optimize(OptimizationLevel.O2).Inlining(InliningMode.Aggressive).Profiling();
            devices(b);
        });
    }

    /// <summary>The PTX ISA of a CUDA device's kernels, or why its driver accepts none (see <see cref="PtxTarget"/>).</summary>
    internal static PtxTarget? Target(CudaDevice device, out string? error)
    {
        var arch = device.Architecture ?? new CudaArchitecture(0, 0);
        return PtxTarget.Choose(arch.Major, arch.Minor, device.DriverVersion, device.Name.Trim(), out error);
    }

    /// <summary>Why <paramref name="backend"/> sees no device, or null when it sees some.</summary>
    public static string? Unavailable(GpuBackend backend)
    {
        if (!JitAvailable) return NoJit;
        if (backend == GpuBackend.Cuda)
        {
            if (!CanLoad(s_cudaNames)) return NoCudaDriver;
            return Devices.GetCudaDevices().Count == 0 ? NoCudaDevice : null;
        }
        if (!CanLoad(s_openClNames)) return NoOpenClLoader;
        return Devices.GetCLDevices().Count == 0 ? NoOpenClDevice : null;
    }

    /// <summary>The devices of a backend, in -device order.</summary>
    public static IReadOnlyList<Device> DevicesOf(GpuBackend backend)
    {
        var list = new List<Device>();
        if (backend == GpuBackend.Cuda)
            foreach (var d in Devices.GetCudaDevices()) list.Add(d);
        else
            foreach (var d in Devices.GetCLDevices()) list.Add(d);
        return list;
    }

    /// <summary>What <c>word2vec devices</c> shows for an ILGPU device.</summary>
    public static GpuDeviceInfo Describe(GpuBackend backend, int index, Device device)
    {
        var ic = CultureInfo.InvariantCulture;
        switch (device)
        {
            case CudaDevice cuda:
                string capability = Target(cuda, out _) is PtxTarget p
                    ? p.ToString()
                    : string.Create(ic, $"compute capability {cuda.Architecture?.Major}.{cuda.Architecture?.Minor}, no PTX ISA this driver accepts");
                return new GpuDeviceInfo(backend, index, cuda.Name.Trim(), string.Create(ic, $"CUDA driver {cuda.DriverVersion.Major}.{cuda.DriverVersion.Minor}"), false,
                    cuda.MemorySize, cuda.MemorySize, cuda.NumMultiprocessors, capability);
            case CLDevice cl:
                long maxAlloc = CLAPI.CurrentAPI.GetDeviceInfo<long>(cl.DeviceId, CLDeviceInfoType.CL_DEVICE_MAX_MEM_ALLOC_SIZE);
                string version = CLAPI.CurrentAPI.GetDeviceInfo(cl.DeviceId, CLDeviceInfoType.CL_DEVICE_VERSION).Trim();
                return new GpuDeviceInfo(backend, index, cl.Name.Trim(), cl.PlatformName.Trim(), (cl.DeviceType & CLDeviceType.CL_DEVICE_TYPE_CPU) != 0,
                    cl.MemorySize, maxAlloc, cl.NumMultiprocessors, version);
            default:
                return new GpuDeviceInfo(backend, index, device.Name, "ILGPU CPU accelerator", true, device.MemorySize, device.MemorySize, device.NumMultiprocessors, "CPU");
        }
    }

    /// <summary>Opens an accelerator. CUDA contexts block the host thread on synchronisation instead of spinning a core.
    /// ILGPU refuses OpenCL devices that lack the generic address space (PoCL, NVIDIA's OpenCL 3.0), though the kernels
    /// here never need it: their pointers all have a known address space. The device's flag is set before ILGPU looks.</summary>
    public static Accelerator Open(Context context, Device device)
    {
        try
        {
            switch (device)
            {
                case CudaDevice cuda:
                    if (Target(cuda, out string? error) == null) throw new Word2VecException(error!);
                    return cuda.CreateCudaAccelerator(context, CudaAcceleratorFlags.ScheduleBlockingSync);
                case CLDevice cl:
                    if (!cl.Capabilities.GenericAddressSpace) s_genericAddressSpace.SetValue(cl.Capabilities, true);
                    return cl.CreateAccelerator(context);
                default:
                    return device.CreateAccelerator(context);
            }
        }
        catch (Exception e) when (e is not Word2VecException)
        {
            throw new Word2VecException($"ERROR: opening {device.Name.Trim()} failed: {OneLine(e.Message)}", e);
        }
    }

    private static readonly System.Reflection.PropertyInfo s_genericAddressSpace =
        typeof(CLCapabilityContext).GetProperty(nameof(CLCapabilityContext.GenericAddressSpace))!;

    /// <summary>A driver's or compiler's message on one line.</summary>
    public static string OneLine(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static bool CanLoad(string[] names)
    {
        InstallResolver();
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                NativeLibrary.Free(handle);
                return true;
            }
        }
        return false;
    }

    private static void InstallResolver()
    {
        if (Interlocked.Exchange(ref s_resolver, 1) != 0) return;
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The application set its own resolver for ILGPU; it decides.
        }
    }

    private static nint Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? path)
    {
        string[]? candidates = name switch
        {
            "cuda" => s_cudaNames,
            "OpenCL" or "opencl" => s_openClNames,
            _ => null,
        };
        if (candidates == null || !OperatingSystem.IsLinux()) return 0;
        foreach (string candidate in candidates)
            if (NativeLibrary.TryLoad(candidate, out nint handle)) return handle;
        return 0;
    }
}
