namespace Word2VecNative.Gpu.Compute;

/// <summary>What training needs from a backend: memory, one compiled kernel, asynchronous launches in order,
/// and fences to wait on. All calls come from one host thread.</summary>
internal interface IComputeDevice : IDisposable
{
    GpuDeviceInfo Info { get; }

    /// <summary>Allocates <paramref name="bytes"/>; throws a one-line error when the device is out of memory.</summary>
    DeviceBuffer Allocate(long bytes, string what);

    /// <summary>Copies to the device and returns when the copy is done.</summary>
    void Upload<T>(DeviceBuffer destination, ReadOnlySpan<T> data) where T : unmanaged;

    /// <summary>Queues a copy from pinned host memory that must stay untouched until a later fence is waited on.</summary>
    unsafe void UploadAsync(DeviceBuffer destination, void* pinnedSource, long bytes);

    /// <summary>Waits for queued work, then copies from the device.</summary>
    void Download<T>(DeviceBuffer source, Span<T> data) where T : unmanaged;

    /// <summary>Compiles <paramref name="source"/> (already including the backend prelude) and selects <paramref name="entry"/>.</summary>
    void Compile(string source, string entry);

    /// <summary>Queues the kernel over <paramref name="groups"/> work-groups of <paramref name="localSize"/> work-items.</summary>
    void Launch(int groups, int localSize, ReadOnlySpan<KernelArg> args);

    /// <summary>A fence after everything queued so far.</summary>
    nint Fence();

    /// <summary>Waits for a fence and releases it.</summary>
    void Wait(nint fence);

    /// <summary>Waits for everything queued.</summary>
    void Synchronize();
}
