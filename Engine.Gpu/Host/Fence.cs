using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Word2VecNative.Gpu.Host;

/// <summary>A point in a stream that the host can wait for. On CUDA an event created with CU_EVENT_BLOCKING_SYNC, so
/// the waiting thread sleeps instead of spinning a core; elsewhere ILGPU's stream marker.</summary>
internal sealed class Fence : IDisposable
{
    private readonly nint _event;
    private readonly ProfilingMarker? _marker;

    public Fence(AcceleratorStream stream)
    {
        if (stream is CudaStream cuda)
        {
            CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.CreateEvent(out _event, CudaEventFlags.CU_EVENT_BLOCKING_SYNC | CudaEventFlags.CU_EVENT_DISABLE_TIMING));
            CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.RecordEvent(_event, cuda.StreamPtr));
        }
        else
        {
            _marker = stream.AddProfilingMarker();
        }
    }

    /// <summary>Blocks until the device has passed this point.</summary>
    public void Wait()
    {
        if (_marker != null) _marker.Synchronize();
        else CudaException.ThrowIfFailed(CudaAPI.CurrentAPI.SynchronizeEvent(_event));
    }

    public void Dispose()
    {
        _marker?.Dispose();
        if (_event != 0) CudaAPI.CurrentAPI.DestroyEvent(_event);
    }
}
