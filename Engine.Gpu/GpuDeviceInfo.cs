namespace Word2VecNative.Gpu;

/// <summary>One device a backend sees. <see cref="Index"/> is what <c>-device</c> takes for that backend.</summary>
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
