namespace Word2VecNative.Gpu;

/// <summary>How the GPU trains: the kernel variant and how its work is laid out; the defaults suit the device.</summary>
public sealed record GpuTrainingSettings
{
    /// <summary>Negative sampling draws its negatives once per centre word and trains the whole window against them,
    /// holding those rows in shared memory (true, the default: far less memory traffic), or per (context, target) pair
    /// exactly as word2vec.c does (false). CBOW draws once per centre word either way, as C does.</summary>
    public bool SharedNegatives { get; init; } = true;

    /// <summary>Whether each sentence's window of input vectors (syn0: 2 × window + 1 rows) is held in shared memory
    /// while the sentence trains: a row is then read from device memory once, when it enters the window, and its change
    /// added back once, when it leaves, instead of at every (centre, context) pair. Those rows take shared memory, so
    /// fewer sentences train at once. Null (the default): only where a multiprocessor still trains as many sentences at
    /// once (by the README's performance model); true: wherever the rows fit in 48 KB of shared memory beside the rest;
    /// false: never.</summary>
    public bool? ContextRing { get; init; }

    /// <summary>Lanes (work-items) that train one sentence together: a power of two from 1 to 1024; 0 picks the device's
    /// (a 32-lane warp on CUDA, 32 work-items on OpenCL).</summary>
    public int LanesPerSentence { get; init; }

    /// <summary>Most sentences one work-group trains at once (CUDA: one per warp); 0 picks as many as fit in 48 KB of
    /// shared memory, at most 4.</summary>
    public int SentencesPerGroup { get; init; }

    /// <summary>Most sentences in one kernel launch; progress is reported and cancellation checked between launches.</summary>
    public int MaxSentencesPerLaunch { get; init; } = 1 << 15;

    /// <summary>With several devices (data parallel), how many times an epoch the replicas are merged: each device
    /// trains 1/this of its share between merges (its launches are cut to that, if smaller than
    /// <see cref="MaxSentencesPerLaunch"/>). Fewer merges cost less copying and leave each replica staler: on the text8
    /// prefix (two devices, skip-gram, 2 epochs) 64 merges an epoch learnt as one device does, 16 lost 0.3 to 1 point.</summary>
    public int ReplicaMergesPerEpoch { get; init; } = 64;

    /// <summary>Most corpus words kept on the device at once; 0 keeps the whole encoded corpus there when it fits, and
    /// streams it in chunks when it does not.</summary>
    public long MaxResidentWords { get; init; }

    /// <summary>Defaults for a device: smaller launches on CPU drivers (PoCL), so that progress moves.</summary>
    public static GpuTrainingSettings For(GpuDeviceInfo device)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.IsCpu ? new GpuTrainingSettings { MaxSentencesPerLaunch = 1 << 10 } : new GpuTrainingSettings();
    }

    internal void Validate()
    {
        if (LanesPerSentence < 0 || LanesPerSentence > 1024 || (LanesPerSentence & (LanesPerSentence - 1)) != 0)
            throw new Word2VecException($"ERROR: the lanes per sentence must be a power of two from 1 to 1024, or 0 for the device's choice (got {LanesPerSentence})");
        if (SentencesPerGroup < 0 || SentencesPerGroup > 32)
            throw new Word2VecException($"ERROR: the sentences per work-group must be from 1 to 32, or 0 for the device's choice (got {SentencesPerGroup})");
        if (MaxSentencesPerLaunch < 1) throw new Word2VecException($"ERROR: a launch must hold at least one sentence (got {MaxSentencesPerLaunch})");
        if (MaxResidentWords < 0) throw new Word2VecException($"ERROR: the resident corpus words must not be negative (got {MaxResidentWords})");
        if (ReplicaMergesPerEpoch < 1) throw new Word2VecException($"ERROR: the replicas must be merged at least once an epoch (got {ReplicaMergesPerEpoch})");
    }
}
