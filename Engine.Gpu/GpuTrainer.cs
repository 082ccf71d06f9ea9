using System.Diagnostics;
using Word2VecNative.Gpu.Compute;
using Word2VecNative.Gpu.Cuda;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Gpu.OpenCl;
using Word2VecNative.Gpu.Training;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Gpu;

/// <summary>
/// Trains word vectors on a GPU (or any OpenCL device): the same vocabulary, initialisation, subsampling,
/// window shrink, negative distribution and learning-rate schedule as <see cref="Trainer"/>, with sentences trained
/// in parallel on the device. The corpus is streamed to the device in batches while the device trains.
/// </summary>
public static class GpuTrainer
{
    /// <summary>Trains on <paramref name="corpus"/> with <paramref name="backend"/>'s device <paramref name="deviceIndex"/>
    /// (see <see cref="GpuDevices.List"/>). When <paramref name="vocabulary"/> is null it is learnt first.
    /// <see cref="TrainingOptions.Threads"/> and <see cref="TrainingOptions.Kernel"/> do not apply.</summary>
    public static Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary, GpuBackend backend, int deviceIndex,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, GpuTrainingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(corpus);
        options.Validate();
        using var device = Open(backend, deviceIndex);
        vocabulary ??= Trainer.LearnVocabulary(corpus, options, null, cancellationToken);
        Trainer.EnsureTrainable(vocabulary, options);
        settings ??= GpuTrainingSettings.For(device.Info);
        settings.Validate();
        int local = settings.ResolveLocalSize(options.Size, MaxLocalSize(device));
        var config = KernelConfig.From(options, local);
        var session = new GpuSession(device, config, vocabulary, InitialVectors(vocabulary.Count, options.Size),
            settings.MaxBatchWords, settings.MaxBatchSentences);
        using var batcher = new CorpusBatcher(corpus.Path, vocabulary, options.Sample, options.Iterations, settings.MaxBatchWords, settings.MaxBatchSentences);

        float startingAlpha = options.StartingAlpha;
        long total = (long)options.Iterations * vocabulary.TrainWords + 1;
        float totalWords = total;
        long wordsBase = 0, done = 0;
        var clock = Stopwatch.StartNew();
        (SentenceBatch Batch, nint Fence, long Words)? inFlight = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = batcher.Next(cancellationToken);
            if (batch != null)
            {
                session.Submit(batch, startingAlpha, wordsBase, totalWords);
                wordsBase += batch.WordsRead;
            }
            var current = batch == null ? ((SentenceBatch, nint, long)?)null : (batch, device.Fence(), batch.WordsRead);
            if (inFlight is var (prev, fence, words))
            {
                device.Wait(fence);
                batcher.Return(prev);
                done += words;
                if (progress != null)
                {
                    float alpha = Math.Max(startingAlpha * (1 - done / totalWords), startingAlpha * 0.0001f);
                    progress.Report(new TrainingProgress(alpha, done, total, done / (clock.Elapsed.TotalSeconds + 1e-6)));
                }
            }
            inFlight = current;
            if (batch == null) break;
        }
        device.Synchronize();
        var vectors = session.DownloadSyn0();
        return new Word2VecModel(vocabulary, vectors, options.Size);
    }

    /// <summary>Opens a device of a backend.</summary>
    internal static IComputeDevice Open(GpuBackend backend, int deviceIndex) => backend switch
    {
        GpuBackend.OpenCl => new OpenClDevice(deviceIndex),
        GpuBackend.Cuda => new CudaDevice(deviceIndex),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    internal static int MaxLocalSize(IComputeDevice device) => device is OpenClDevice cl ? cl.MaxWorkGroupSize : 1024;

    /// <summary>C's InitNet: syn0 from the generator seeded with 1, in row order (as the CPU engine).</summary>
    internal static unsafe float[] InitialVectors(int vocabSize, int size)
    {
        var v = new float[(long)vocabSize * size];
        fixed (float* p = v) TrainingRun.InitVectors(p, v.LongLength, size);
        return v;
    }
}
