using ILGPU.Runtime;
using Word2VecNative.Gpu.Runtime;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu;

/// <summary>
/// One device, opened: the driver loaded, the device found and its context (an ILGPU accelerator) created. Opening
/// it first reports a missing driver, a bad device index or a device the driver cannot serve as one line before any
/// corpus is read; it then trains any number of runs. Dispose it to release the device.
/// </summary>
public sealed class GpuSession : IDisposable
{
    private readonly Accelerator _accelerator;

    private GpuSession(GpuDeviceInfo device, Accelerator accelerator)
    {
        Device = device;
        _accelerator = accelerator;
    }

    /// <summary>The device this session trains on.</summary>
    public GpuDeviceInfo Device { get; }

    /// <summary>Opens <paramref name="backend"/>'s device <paramref name="deviceIndex"/> (see <see cref="GpuDevices.List"/>);
    /// throws <see cref="Word2VecException"/> with a one-line message when the driver is missing, the index does not
    /// exist or the device cannot be opened.</summary>
    public static GpuSession Open(GpuBackend backend, int deviceIndex)
    {
        var info = GpuDevices.Select(backend, deviceIndex);
        var device = IlgpuRuntime.DevicesOf(backend)[deviceIndex];
        return new GpuSession(info, IlgpuRuntime.Open(IlgpuRuntime.Devices, device));
    }

    /// <summary>Trains what <paramref name="setup"/> describes (its vocabulary must be set) on this device.
    /// <see cref="TrainingOptions.Threads"/> and <see cref="TrainingOptions.Arithmetic"/> do not apply.</summary>
    public Word2VecModel Train(TrainingSetup setup, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default,
        GpuTrainingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ObjectDisposedException.ThrowIf(_accelerator.IsDisposed, this);
        return GpuTrainer.Train(setup, _accelerator, Device, progress, cancellationToken, settings ?? GpuTrainingSettings.For(Device));
    }

    /// <summary>Releases the device.</summary>
    public void Dispose() => _accelerator.Dispose();
}
