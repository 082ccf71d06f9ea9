namespace Word2VecNative.Gpu.Compute;

/// <summary>A block of device memory: an OpenCL cl_mem or a CUDA device pointer.</summary>
internal sealed class DeviceBuffer(nint handle, long bytes, string what)
{
    /// <summary>cl_mem for OpenCL, CUdeviceptr for CUDA.</summary>
    public nint Handle { get; } = handle;
    public long Bytes { get; } = bytes;
    /// <summary>What the buffer holds, for error messages.</summary>
    public string What { get; } = what;
}
