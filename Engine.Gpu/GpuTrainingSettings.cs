namespace Word2VecNative.Gpu;

/// <summary>How a GPU run is cut into launches; the defaults suit the device kind.</summary>
public sealed record GpuTrainingSettings
{
    /// <summary>Work-items per work-group (a power of two); 0 picks one from the vector size.</summary>
    public int LocalSize { get; init; }

    /// <summary>Most words (after subsampling) in one batch.</summary>
    public int MaxBatchWords { get; init; } = 1 << 22;

    /// <summary>Most sentences in one batch: one work-group each.</summary>
    public int MaxBatchSentences { get; init; } = 1 << 14;

    /// <summary>Defaults for a device: big batches on GPUs, small ones on CPU drivers (PoCL).</summary>
    public static GpuTrainingSettings For(GpuDeviceInfo device) => device.IsCpu
        ? new GpuTrainingSettings { MaxBatchWords = 1 << 17, MaxBatchSentences = 1024 }
        : new GpuTrainingSettings();

    /// <summary>The work-group size used for vectors of <paramref name="size"/> floats on a device allowing <paramref name="maxLocal"/>.</summary>
    public int ResolveLocalSize(int size, int maxLocal)
    {
        int wg = LocalSize;
        if (wg <= 0)
        {
            wg = 32;
            while (wg < 256 && wg * 4 < size) wg *= 2;
        }
        if ((wg & (wg - 1)) != 0) throw new Word2VecException($"ERROR: the GPU work-group size must be a power of two (got {wg})");
        while (wg > maxLocal && wg > 1) wg /= 2;
        return wg;
    }

    internal void Validate()
    {
        if (MaxBatchWords < Word2VecNative.Training.SentenceReader.MaxSentenceLength) throw new Word2VecException($"ERROR: the GPU batch must hold at least {Word2VecNative.Training.SentenceReader.MaxSentenceLength} words (got {MaxBatchWords})");
        if (MaxBatchSentences < 1) throw new Word2VecException($"ERROR: the GPU batch must hold at least one sentence (got {MaxBatchSentences})");
    }
}
