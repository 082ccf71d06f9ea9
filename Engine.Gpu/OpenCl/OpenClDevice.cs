using Word2VecNative.Gpu.Compute;
using static Word2VecNative.Gpu.OpenCl.OpenClApi;

namespace Word2VecNative.Gpu.OpenCl;

/// <summary>An OpenCL context, in-order command queue, program and kernel on one device.</summary>
internal sealed unsafe class OpenClDevice : IComputeDevice
{
    private readonly Functions _api;
    private readonly nint _device;
    private readonly nint _context;
    private readonly nint _queue;
    private readonly List<nint> _buffers = [];
    private nint _program;
    private nint _kernel;

    public OpenClDevice(int index)
    {
        var entries = OpenClDevices.List();
        if (index < 0 || index >= entries.Count)
            throw new Word2VecException($"ERROR: -device {index} does not exist; the opencl backend sees {entries.Count} device(s) (0 to {entries.Count - 1}); run 'word2vec devices'");
        var e = entries[index];
        Info = e.Info;
        _api = Api;
        _device = e.Device;
        int err;
        nint dev = _device;
        nint* props = stackalloc nint[3];
        props[0] = 0x1084; // CL_CONTEXT_PLATFORM
        props[1] = e.Platform;
        props[2] = 0;
        _context = _api.CreateContext(props, 1, &dev, 0, 0, &err);
        Check(err, "clCreateContext");
        _queue = _api.CreateCommandQueue(_context, _device, 0, &err);
        Check(err, "clCreateCommandQueue");
    }

    public GpuDeviceInfo Info { get; }

    /// <summary>Largest work-group the device accepts.</summary>
    public int MaxWorkGroupSize => (int)Math.Min(int.MaxValue, (ulong)OpenClDevices.DeviceSize(_device, DeviceMaxWorkGroupSize));

    public DeviceBuffer Allocate(long bytes, string what)
    {
        bytes = Math.Max(bytes, 16);
        if (bytes > Info.MaxAllocationBytes)
            throw new Word2VecException($"ERROR: the {what} ({bytes / 1048576} MiB) exceed the largest buffer {Info.Name} allows ({Info.MaxAllocationBytes / 1048576} MiB); lower -size or raise -min-count");
        int err;
        nint mem = _api.CreateBuffer(_context, MemReadWrite, (nuint)bytes, null, &err);
        if (err is MemObjectAllocationFailure or OutOfResources or OutOfHostMemory or InvalidBufferSize)
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {Info.Name}: allocating the {what} ({bytes / 1048576} MiB) failed with {StatusName(err)}; lower -size or raise -min-count");
        Check(err, $"clCreateBuffer ({what})");
        _buffers.Add(mem);
        return new DeviceBuffer(mem, bytes, what);
    }

    public void Upload<T>(DeviceBuffer destination, ReadOnlySpan<T> data) where T : unmanaged
    {
        if (data.IsEmpty) return;
        fixed (T* p = data)
            CheckMemory(_api.EnqueueWriteBuffer(_queue, destination.Handle, 1, 0, (nuint)((long)data.Length * sizeof(T)), p, 0, null, null), "clEnqueueWriteBuffer", destination);
    }

    public void UploadAsync(DeviceBuffer destination, void* pinnedSource, long bytes)
    {
        if (bytes == 0) return;
        CheckMemory(_api.EnqueueWriteBuffer(_queue, destination.Handle, 0, 0, (nuint)bytes, pinnedSource, 0, null, null), "clEnqueueWriteBuffer", destination);
    }

    public void Download<T>(DeviceBuffer source, Span<T> data) where T : unmanaged
    {
        if (data.IsEmpty) return;
        fixed (T* p = data)
            CheckMemory(_api.EnqueueReadBuffer(_queue, source.Handle, 1, 0, (nuint)((long)data.Length * sizeof(T)), p, 0, null, null), "clEnqueueReadBuffer", source);
    }

    private void CheckMemory(int status, string call, DeviceBuffer b)
    {
        if (status is MemObjectAllocationFailure or OutOfResources)
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {Info.Name}: {call} on the {b.What} failed with {StatusName(status)}; lower -size or raise -min-count");
        Check(status, call);
    }

    public void Compile(string source, string entry)
    {
        byte[] src = NativeLibraries.ToBytes(source);
        byte[] opts = NativeLibraries.ToBytes("-cl-std=CL1.2");
        byte[] name = NativeLibraries.ToBytes(entry);
        int err;
        fixed (byte* s = src)
        {
            byte* sp = s;
            nuint len = (nuint)(src.Length - 1);
            _program = _api.CreateProgramWithSource(_context, 1, &sp, &len, &err);
        }
        Check(err, "clCreateProgramWithSource");
        nint dev = _device;
        int st;
        fixed (byte* o = opts) st = _api.BuildProgram(_program, 1, &dev, o, 0, 0);
        if (st != Success)
        {
            string log = BuildLog();
            throw new Word2VecException($"ERROR: OpenCL kernel compilation failed on {Info.Name} ({StatusName(st)}): {OneLine(log)}");
        }
        fixed (byte* n = name) _kernel = _api.CreateKernel(_program, n, &err);
        Check(err, "clCreateKernel");
    }

    private string BuildLog()
    {
        nuint size = 0;
        if (_api.GetProgramBuildInfo(_program, _device, ProgramBuildLog, 0, null, &size) != Success || size == 0) return "(no build log)";
        var buf = new byte[(int)size + 1];
        fixed (byte* b = buf) _api.GetProgramBuildInfo(_program, _device, ProgramBuildLog, size, b, null);
        return NativeLibraries.FromBytes(buf);
    }

    internal static string OneLine(string log) =>
        string.Join(" | ", log.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public void Launch(int groups, int localSize, ReadOnlySpan<KernelArg> args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            long bits = a.Bits;
            int st;
            switch (a.Kind)
            {
                case KernelArg.ArgKind.Buffer:
                    nint mem = a.Buffer!.Handle;
                    st = _api.SetKernelArg(_kernel, (uint)i, (nuint)sizeof(nint), &mem);
                    break;
                case KernelArg.ArgKind.Int64:
                    st = _api.SetKernelArg(_kernel, (uint)i, sizeof(long), &bits);
                    break;
                default:
                    int v = (int)bits;
                    st = _api.SetKernelArg(_kernel, (uint)i, sizeof(int), &v);
                    break;
            }
            Check(st, $"clSetKernelArg({i})");
        }
        nuint global = (nuint)((long)groups * localSize);
        nuint local = (nuint)localSize;
        int status = _api.EnqueueNDRangeKernel(_queue, _kernel, 1, null, &global, &local, 0, null, null);
        if (status is OutOfResources or MemObjectAllocationFailure)
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {Info.Name}: launching the kernel failed with {StatusName(status)}");
        Check(status, "clEnqueueNDRangeKernel");
        Check(_api.Flush(_queue), "clFlush");
    }

    public nint Fence()
    {
        nint evt;
        Check(_api.EnqueueMarkerWithWaitList(_queue, 0, null, &evt), "clEnqueueMarkerWithWaitList");
        Check(_api.Flush(_queue), "clFlush");
        return evt;
    }

    public void Wait(nint fence)
    {
        int st = _api.WaitForEvents(1, &fence);
        _api.ReleaseEvent(fence);
        if (st is OutOfResources or MemObjectAllocationFailure)
            throw new Word2VecException($"ERROR: training on {Info.Name} failed with {StatusName(st)}; the model may not fit in device memory");
        Check(st, "clWaitForEvents");
    }

    public void Synchronize() => Check(_api.Finish(_queue), "clFinish");

    public void Dispose()
    {
        if (_queue != 0) _api.Finish(_queue);
        foreach (nint b in _buffers) _api.ReleaseMemObject(b);
        _buffers.Clear();
        if (_kernel != 0) _api.ReleaseKernel(_kernel);
        if (_program != 0) _api.ReleaseProgram(_program);
        if (_queue != 0) _api.ReleaseCommandQueue(_queue);
        if (_context != 0) _api.ReleaseContext(_context);
        GC.KeepAlive(this);
    }
}
