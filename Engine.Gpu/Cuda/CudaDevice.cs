using Word2VecNative.Gpu.Compute;
using static Word2VecNative.Gpu.Cuda.CudaApi;

namespace Word2VecNative.Gpu.Cuda;

/// <summary>The primary context of one CUDA device, a stream, and one kernel compiled by NVRTC.</summary>
internal sealed unsafe class CudaDevice : IComputeDevice
{
    private readonly Functions _api;
    private readonly int _device;
    private readonly nint _context;
    private readonly nint _stream;
    private readonly List<ulong> _buffers = [];
    private nint _module;
    private nint _function;

    public CudaDevice(int index)
    {
        Info = GpuDevices.Select(GpuBackend.Cuda, index);
        _api = Api;
        int dev;
        Check(_api.DeviceGet(&dev, index), "cuDeviceGet");
        _device = dev;
        nint ctx;
        Check(_api.DevicePrimaryCtxRetain(&ctx, dev), "cuDevicePrimaryCtxRetain");
        _context = ctx;
        Check(_api.CtxSetCurrent(ctx), "cuCtxSetCurrent");
        nint stream;
        Check(_api.StreamCreate(&stream, 0), "cuStreamCreate");
        _stream = stream;
    }

    public GpuDeviceInfo Info { get; }

    public DeviceBuffer Allocate(long bytes, string what)
    {
        bytes = Math.Max(bytes, 16);
        ulong ptr;
        int st = _api.MemAlloc(&ptr, (nuint)bytes);
        if (st == OutOfMemory)
        {
            nuint free, total;
            _api.MemGetInfo(&free, &total);
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {Info.Name}: the {what} need {bytes / 1048576} MiB, {free / 1048576} MiB of {total / 1048576} MiB are free; lower -size or raise -min-count");
        }
        Check(st, $"cuMemAlloc ({what})");
        _buffers.Add(ptr);
        return new DeviceBuffer((nint)ptr, bytes, what);
    }

    public void Upload<T>(DeviceBuffer destination, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (data.IsEmpty) return;
        // Queued on the training stream (ordered with the kernels), then waited for, so the span may change afterwards.
        fixed (T* p = data) Check(_api.MemcpyHtoDAsync((ulong)destination.Handle, p, (nuint)((long)data.Length * sizeof(T)), _stream), "cuMemcpyHtoDAsync");
        Synchronize();
    }

    public void UploadAsync(DeviceBuffer destination, void* pinnedSource, long bytes)
    {
        if (bytes == 0) return;
        Check(_api.MemcpyHtoDAsync((ulong)destination.Handle, pinnedSource, (nuint)bytes, _stream), "cuMemcpyHtoDAsync");
    }

    public void Download<T>(DeviceBuffer source, Span<T> data) where T : unmanaged
    {
        if (data.IsEmpty) return;
        Synchronize();
        fixed (T* p = data) Check(_api.MemcpyDtoH(p, (ulong)source.Handle, (nuint)((long)data.Length * sizeof(T))), "cuMemcpyDtoH");
    }

    public void Compile(string source, string entry)
    {
        var nvrtc = NvrtcApi.Api;
        var (major, minor) = CudaDevices.ComputeCapability(_device);
        byte[] src = NativeLibraries.ToBytes(source);
        byte[] file = NativeLibraries.ToBytes("word2vec.cu");
        byte[][] options = [NativeLibraries.ToBytes($"--gpu-architecture=compute_{major}{minor}"), NativeLibraries.ToBytes("--std=c++11")];
        nint prog;
        fixed (byte* s = src, f = file)
            NvrtcApi.Check(nvrtc.CreateProgram(&prog, s, f, 0, null, null), "nvrtcCreateProgram");
        try
        {
            int st;
            fixed (byte* o0 = options[0], o1 = options[1])
            {
                byte** opts = stackalloc byte*[2];
                opts[0] = o0;
                opts[1] = o1;
                st = nvrtc.CompileProgram(prog, 2, opts);
            }
            if (st != 0)
            {
                nuint logSize = 0;
                nvrtc.GetProgramLogSize(prog, &logSize);
                var log = new byte[(int)logSize + 1];
                fixed (byte* l = log) nvrtc.GetProgramLog(prog, l);
                throw new Word2VecException($"ERROR: CUDA kernel compilation by {NvrtcApi.LoadedName} failed for compute_{major}{minor}: {OpenCl.OpenClDevice.OneLine(NativeLibraries.FromBytes(log))}");
            }
            nuint ptxSize = 0;
            NvrtcApi.Check(nvrtc.GetPTXSize(prog, &ptxSize), "nvrtcGetPTXSize");
            var ptx = new byte[(int)ptxSize + 1];
            fixed (byte* p = ptx) NvrtcApi.Check(nvrtc.GetPTX(prog, p), "nvrtcGetPTX");
            nint module;
            int load;
            fixed (byte* p = ptx) load = _api.ModuleLoadData(&module, p);
            if (load == UnsupportedPtxVersion)
                throw new Word2VecException($"ERROR: {NvrtcApi.LoadedName} produces PTX newer than the NVIDIA driver accepts; update the driver or use the NVRTC of an older CUDA release");
            Check(load, "cuModuleLoadData");
            _module = module;
            byte[] name = NativeLibraries.ToBytes(entry);
            nint fn;
            fixed (byte* n = name) Check(_api.ModuleGetFunction(&fn, module, n), "cuModuleGetFunction");
            _function = fn;
        }
        finally
        {
            nvrtc.DestroyProgram(&prog);
        }
    }

    public void Launch(int groups, int localSize, ReadOnlySpan<KernelArg> args)
    {
        long* values = stackalloc long[args.Length];
        void** ptrs = stackalloc void*[args.Length];
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            values[i] = a.Kind == KernelArg.ArgKind.Buffer ? a.Buffer!.Handle : a.Bits;
            ptrs[i] = &values[i]; // little-endian: a 32-bit argument is the low half
        }
        int st = _api.LaunchKernel(_function, (uint)groups, 1, 1, (uint)localSize, 1, 1, 0, _stream, ptrs, null);
        if (st == OutOfMemory)
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {Info.Name}: launching the kernel failed with {ErrorName(_api, st)}");
        Check(st, "cuLaunchKernel");
    }

    public nint Fence()
    {
        nint evt;
        Check(_api.EventCreate(&evt, 2), "cuEventCreate"); // CU_EVENT_DISABLE_TIMING
        Check(_api.EventRecord(evt, _stream), "cuEventRecord");
        return evt;
    }

    public void Wait(nint fence)
    {
        int st = _api.EventSynchronize(fence);
        _api.EventDestroy(fence);
        Check(st, "cuEventSynchronize");
    }

    public void Synchronize() => Check(_api.StreamSynchronize(_stream), "cuStreamSynchronize");

    public void Dispose()
    {
        if (_stream != 0)
        {
            _api.StreamSynchronize(_stream);
            _api.StreamDestroy(_stream);
        }
        foreach (ulong b in _buffers) _api.MemFree(b);
        _buffers.Clear();
        if (_module != 0) _api.ModuleUnload(_module);
        if (_context != 0) _api.DevicePrimaryCtxRelease(_device);
    }
}
