namespace Word2VecNative.Gpu;

/// <summary>One device a backend sees. <see cref="Index"/> is what <c>-device</c> takes for that backend.</summary>
/// <param name="Backend">The backend that sees the device.</param>
/// <param name="Index">The device's position among that backend's devices (the <c>-device</c> value).</param>
/// <param name="Name">The device name the driver reports.</param>
/// <param name="Platform">The OpenCL platform name, or "CUDA driver X.Y".</param>
/// <param name="IsCpu">True for a CPU device (an OpenCL CPU driver such as PoCL).</param>
/// <param name="GlobalMemoryBytes">Device memory, in bytes.</param>
/// <param name="MaxAllocationBytes">Largest single buffer, in bytes (OpenCL's CL_DEVICE_MAX_MEM_ALLOC_SIZE; for CUDA the device memory).</param>
/// <param name="ComputeUnits">OpenCL compute units, or CUDA streaming multiprocessors.</param>
/// <param name="Version">The OpenCL device version string, or "compute capability X.Y" for CUDA.</param>
public sealed record GpuDeviceInfo(
    GpuBackend Backend,
    int Index,
    string Name,
    string Platform,
    bool IsCpu,
    long GlobalMemoryBytes,
    long MaxAllocationBytes,
    int ComputeUnits,
    string Version)
{
    /// <summary>One line for <c>word2vec devices</c>.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Index}: {Name} [{Platform}] {(IsCpu ? "CPU" : "GPU")}, {GlobalMemoryBytes / 1048576} MiB, {ComputeUnits} compute units, {Version}");
}
