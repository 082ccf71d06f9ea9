using ILGPU.Runtime;
using Word2VecNative.Gpu.Runtime;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu;

/// <summary>
/// One device, opened: the driver loaded, the device found and its context (an ILGPU accelerator) created. Opening
/// it first reports a missing driver, a bad device index or a device the driver cannot serve as one line before any
/// corpus is read, and <see cref="Prepare"/> does the same for the kernels a run needs; it then trains any number of
/// runs. Dispose it to release the device.
/// </summary>
public sealed class GpuSession : IDisposable
{
    private readonly Accelerator _accelerator;
    // ILGPU caches loaded kernels weakly (a collection between Prepare and Train would compile them again): held here.
    private readonly Dictionary<GpuTrainer.Layout, object> _prepared = [];

    private GpuSession(GpuDeviceInfo device, Accelerator accelerator)
    {
        Device = device;
        _accelerator = accelerator;
    }

    /// <summary>The device this session trains on.</summary>
    public GpuDeviceInfo Device { get; }

    /// <summary>The device's open accelerator.</summary>
    internal Accelerator Accelerator => _accelerator;

    /// <summary>Opens <paramref name="backend"/>'s device <paramref name="deviceIndex"/> (see <see cref="GpuDevices.List"/>);
    /// throws <see cref="Word2VecException"/> with a one-line message when the driver is missing, the index does not
    /// exist or the device cannot be opened.</summary>
    public static GpuSession Open(GpuBackend backend, int deviceIndex)
    {
        var info = GpuDevices.Select(backend, deviceIndex);
        var device = IlgpuRuntime.DevicesOf(backend)[deviceIndex];
        return new GpuSession(info, IlgpuRuntime.Open(IlgpuRuntime.Devices, device));
    }

    /// <summary>Compiles the kernels that <paramref name="options"/> need and loads them on the device, so that
    /// settings the device cannot train (<see cref="TrainingOptions.StopAfterEpoch"/> or <see cref="TrainingOptions.ComputeLoss"/>
    /// set, see <see cref="DeviceTables.RefusedSettings"/>; a -size beyond its shared memory) or kernels its driver refuses are reported,
    /// as one-line <see cref="Word2VecException"/>s, before the corpus is read. <see cref="Train"/> reuses what was
    /// loaded; it prepares by itself when this was not called.</summary>
    public void Prepare(TrainingOptions options, GpuTrainingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObjectDisposedException.ThrowIf(_accelerator.IsDisposed, this);
        settings ??= GpuTrainingSettings.For(Device);
        settings.Validate();
        GpuTrainer.RefuseUnsupported(options);
        var layout = GpuTrainer.Layout.For(options, _accelerator, settings);
        var kernels = Host.DeviceModel.LoadKernels(_accelerator, Device.Name, layout.Shape, layout.TeamsPerGroup, layout.WarpTeams);
        lock (_prepared) _prepared[layout] = kernels;
    }

    /// <summary>Trains what <paramref name="setup"/> describes (its vocabulary must be set) on this device.
    /// <see cref="TrainingOptions.Threads"/> and <see cref="TrainingOptions.Arithmetic"/> do not apply;
    /// <see cref="TrainingOptions.StopAfterEpoch"/> and <see cref="TrainingOptions.ComputeLoss"/> are refused, as
    /// <see cref="Prepare"/> refuses them.</summary>
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
