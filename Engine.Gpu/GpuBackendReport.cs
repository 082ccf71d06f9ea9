namespace Word2VecNative.Gpu;

/// <summary>What one backend sees: its devices, or why it sees none.</summary>
/// <param name="Backend">The backend asked.</param>
/// <param name="Devices">Its devices, in <c>-device</c> order; empty when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the backend sees no device (no driver, no platform, no device), as one line; null when it sees some.</param>
public sealed record GpuBackendReport(GpuBackend Backend, IReadOnlyList<GpuDeviceInfo> Devices, string? Error);
