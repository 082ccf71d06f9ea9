namespace Word2VecNative.Gpu;

/// <summary>What one backend sees: its devices, or why it sees none.</summary>
public sealed record GpuBackendReport(GpuBackend Backend, IReadOnlyList<GpuDeviceInfo> Devices, string? Error);
