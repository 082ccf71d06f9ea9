using System.Diagnostics;
using Word2VecNative.Gpu.Compute;
using Word2VecNative.Gpu.Cuda;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Gpu.OpenCl;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Gpu;

/// <summary>
/// Trains word vectors on a GPU (or any OpenCL device) from the same <see cref="TrainingSetup"/> as the CPU
/// <see cref="Trainer"/>: vocabulary, initial vectors, sentences (the engine's <see cref="SentenceReader"/>),
/// down-sampling, negative distribution and learning-rate schedule, with sentences trained in parallel on the
/// device. The corpus is streamed to the device in batches while the device trains.
/// </summary>
public static class GpuTrainer
{
    /// <summary>Trains on <paramref name="corpus"/> with <paramref name="backend"/>'s device <paramref name="deviceIndex"/>
    /// (see <see cref="GpuDevices.List"/>). When <paramref name="vocabulary"/> is null it is learnt first, after the
    /// device has been opened (a missing driver is reported before the vocabulary pass).</summary>
    public static Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary, GpuBackend backend, int deviceIndex,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, GpuTrainingSettings? settings = null)
    {
        var setup = TrainingSetup.Create(options, corpus);
        GpuDevices.Select(backend, deviceIndex);
        if (vocabulary != null) setup.UseVocabulary(vocabulary);
        else setup.LearnVocabulary(null, cancellationToken);
        return Train(setup, backend, deviceIndex, progress, cancellationToken, settings);
    }

    /// <summary>Trains what <paramref name="setup"/> describes (its vocabulary must be set) on <paramref name="backend"/>'s
    /// device <paramref name="deviceIndex"/>. <see cref="TrainingOptions.Threads"/> and <see cref="TrainingOptions.Arithmetic"/>
    /// do not apply.</summary>
    public static Word2VecModel Train(TrainingSetup setup, GpuBackend backend, int deviceIndex,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, GpuTrainingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var options = setup.Options;
        using var device = Open(backend, deviceIndex);
        settings ??= GpuTrainingSettings.For(device.Info);
        settings.Validate();
        int local = settings.ResolveLocalSize(options.Size, MaxLocalSize(device));
        var config = KernelConfig.From(options, local);
        var session = new GpuSession(device, config, setup, setup.InitialVectors(), settings.MaxBatchWords, settings.MaxBatchSentences);
        using var batcher = new CorpusBatcher(setup, settings.MaxBatchWords, settings.MaxBatchSentences);

        var schedule = setup.LearningRate;
        long done = 0;
        var clock = Stopwatch.StartNew();
        (SentenceBatch Batch, nint Fence)? inFlight = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = batcher.Next(cancellationToken);
            if (batch != null) session.Submit(batch);
            var current = batch == null ? ((SentenceBatch, nint)?)null : (batch, device.Fence());
            if (inFlight is var (prev, fence))
            {
                device.Wait(fence);
                batcher.Return(prev);
                done += prev.WordsRead;
                progress?.Report(TrainingProgress.Create(setup, schedule.At(done), done, done / (clock.Elapsed.TotalSeconds + 1e-6), complete: false));
            }
            inFlight = current;
            if (batch == null) break;
        }
        device.Synchronize();
        var vectors = session.DownloadSyn0();
        progress?.Report(TrainingProgress.Create(setup, schedule.At(done), done, done / (clock.Elapsed.TotalSeconds + 1e-6), complete: true));
        return new Word2VecModel(setup.Vocabulary, vectors, options.Size);
    }

    /// <summary>Opens a device of a backend.</summary>
    internal static IComputeDevice Open(GpuBackend backend, int deviceIndex) => backend switch
    {
        GpuBackend.OpenCl => new OpenClDevice(deviceIndex),
        GpuBackend.Cuda => new CudaDevice(deviceIndex),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    internal static int MaxLocalSize(IComputeDevice device) => device is OpenClDevice cl ? cl.MaxWorkGroupSize : 1024;
}
