using System.Diagnostics;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Gpu.Runtime;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Gpu;

/// <summary>
/// Trains word vectors on a GPU (or any OpenCL device) from the same <see cref="TrainingSetup"/> as the CPU
/// <see cref="Trainer"/>: vocabulary, initial vectors, sentences as the engine cuts them
/// (<see cref="TrainingSetup.ReadSentences"/>), the tables of <see cref="TrainingSetup.DeviceTables"/> (down-sampling
/// thresholds, negative distribution, Huffman codes, sigmoid) and the learning-rate schedule. The corpus is encoded to
/// word indices once, in parallel, and kept on the device for every epoch (streamed in chunks when it does not fit);
/// each epoch the device down-samples and trains thousands of sentences at once, and the host only queues launches.
/// </summary>
public static class GpuTrainer
{
    /// <summary>Trains on <paramref name="corpus"/> with <paramref name="backend"/>'s device <paramref name="deviceIndex"/>
    /// (see <see cref="GpuDevices.List"/>). The device is opened and the kernels are compiled first, so a missing driver or
    /// device, or options the device cannot train, are reported before the corpus is read; then, when
    /// <paramref name="vocabulary"/> is null, the vocabulary is learnt.</summary>
    public static Word2VecModel Train(TrainingOptions options, TrainingCorpus corpus, Vocabulary? vocabulary, GpuBackend backend, int deviceIndex,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, GpuTrainingSettings? settings = null)
    {
        var setup = TrainingSetup.Create(options, corpus);
        using var session = GpuSession.Open(backend, deviceIndex);
        session.Prepare(options, settings);
        if (vocabulary != null) setup.UseVocabulary(vocabulary);
        else setup.LearnVocabulary(null, cancellationToken);
        return session.Train(setup, progress, cancellationToken, settings);
    }

    /// <summary>Trains what <paramref name="setup"/> describes (its vocabulary must be set) on <paramref name="backend"/>'s
    /// device <paramref name="deviceIndex"/>. <see cref="TrainingOptions.Threads"/> and <see cref="TrainingOptions.Arithmetic"/>
    /// do not apply; <see cref="TrainingOptions.StopAfterEpoch"/> and <see cref="TrainingOptions.ComputeLoss"/> are refused
    /// (<see cref="Word2VecException"/>).</summary>
    public static Word2VecModel Train(TrainingSetup setup, GpuBackend backend, int deviceIndex,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, GpuTrainingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        using var session = GpuSession.Open(backend, deviceIndex);
        return session.Train(setup, progress, cancellationToken, settings);
    }

    /// <summary>Trains what <paramref name="setup"/> describes (its vocabulary must be set) on several open devices at once,
    /// data parallel (<paramref name="sessions"/>, each opened with <see cref="GpuSession.Open"/> and best prepared, so that
    /// a device that cannot train is reported before the corpus is read): each device trains a share of the corpus
    /// (whole sentences, about as many words each) on its own replica of the model, and the replicas are merged
    /// <see cref="GpuTrainingSettings.ReplicaMergesPerEpoch"/> times an epoch: each gets the last merge plus every
    /// replica's changes since. Each device's share must fit in its memory. One session trains as
    /// <see cref="GpuSession.Train"/>.</summary>
    public static Word2VecModel Train(TrainingSetup setup, IReadOnlyList<GpuSession> sessions,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, GpuTrainingSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0) throw new ArgumentException("no device given", nameof(sessions));
        if (sessions.Distinct().Count() != sessions.Count) throw new ArgumentException("a session is given twice", nameof(sessions));
        foreach (var session in sessions) ObjectDisposedException.ThrowIf(session.Accelerator.IsDisposed, session);
        return Train(setup, [.. sessions.Select(s => (s.Accelerator, s.Device))], progress, cancellationToken, settings ?? GpuTrainingSettings.For(sessions[0].Device));
    }

    /// <summary>Trains on several open accelerators at once, data parallel (see <see cref="Replicas"/>).</summary>
    internal static Word2VecModel Train(TrainingSetup setup, IReadOnlyList<(Accelerator Accelerator, GpuDeviceInfo Info)> devices, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken, GpuTrainingSettings settings)
    {
        settings.Validate();
        RefuseUnsupported(setup.Options);
        return devices.Count == 1
            ? Train(setup, devices[0].Accelerator, devices[0].Info, progress, cancellationToken, settings)
            : Replicas.Train(setup, devices, progress, cancellationToken, settings);
    }

    /// <summary>Trains on an open accelerator (ILGPU's CPU accelerator in tests).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // the epochs' launch loop: see the engine's TrainingRun.TrainThread
    internal static Word2VecModel Train(TrainingSetup setup, Accelerator accelerator, GpuDeviceInfo info, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken, GpuTrainingSettings settings)
    {
        settings.Validate();
        var options = setup.Options;
        RefuseUnsupported(options);
        var layout = Layout.For(options, accelerator, settings);
        var corpus = CorpusEncoder.Encode(setup, cancellationToken);
        using var model = new DeviceModel(accelerator, info.Name, setup, layout.Shape, layout.TeamsPerGroup, layout.WarpTeams, setup.InitialVectors());
        using var resident = new ResidentCorpus(model, corpus, setup, settings);
        var schedule = setup.LearningRate;
        var stream = accelerator.DefaultStream;
        var pending = new Queue<(Fence Fence, long Done)>();
        var clock = Stopwatch.StartNew();
        long done = 0;
        void Report(bool complete)
        {
            // The device is the run's one trainer: C's Words/thread/sec (TrainingProgress.WordsPerThreadPerSecond) is
            // the whole device's rate here, as the README says.
            double deviceWordsPerSecond = done / (clock.Elapsed.TotalSeconds + 1e-9);
            progress?.Report(TrainingProgress.Create(setup, schedule.At(done), done, deviceWordsPerSecond, complete));
        }
        try
        {
            for (int epoch = 0; epoch < options.Iterations; epoch++)
            {
                for (int c = 0; c < resident.Chunks.Count; c++)
                {
                    var chunk = resident.Load(epoch, c, stream);
                    for (int first = chunk.FirstSegment; first < chunk.EndSegment; first += settings.MaxSentencesPerLaunch)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        int count = Math.Min(settings.MaxSentencesPerLaunch, chunk.EndSegment - first);
                        model.Train(stream, chunk.Kept, resident.SegmentStart, resident.KeptLength, resident.Alphas(epoch), first, count, (long)epoch * corpus.Segments);
                        long after = epoch * corpus.WordsPerEpoch + (first + count < corpus.Segments ? corpus.SegmentClock[first + count] : corpus.WordsPerEpoch);
                        pending.Enqueue((new Fence(stream), after));
                        while (pending.Count > 2) Retire(pending, ref done, Report);
                    }
                }
            }
            while (pending.Count > 1) Retire(pending, ref done, Report);
            if (pending.Count > 0)
            {
                var (last, _) = pending.Dequeue(); // the end of the run: reported once, as the completion below
                using (last) last.Wait();
            }
            done = options.Iterations * corpus.WordsPerEpoch;
            var vectors = model.Download(model.Syn0);
            Report(complete: true);
            return new Word2VecModel(setup.Vocabulary, vectors, options.Size);
        }
        finally
        {
            foreach (var (fence, _) in pending) fence.Dispose();
            accelerator.Synchronize();
        }
    }

    /// <summary>Throws <see cref="Word2VecException"/> when <paramref name="options"/> set what a device does not train
    /// (<see cref="DeviceTables.RefusedSettings"/>: <see cref="TrainingOptions.StopAfterEpoch"/>, <see cref="TrainingOptions.ComputeLoss"/>).</summary>
    internal static void RefuseUnsupported(TrainingOptions options)
    {
        var names = DeviceTables.RefusedSettings(options);
        if (names.Count == 0) return;
        string list = names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
        throw new Word2VecException($"{list} {(names.Count == 1 ? "needs" : "need")} the CPU trainer (-backend cpu); a GPU backend does not support {(names.Count == 1 ? "it" : "them")}");
    }

    private static void Retire(Queue<(Fence Fence, long Done)> pending, ref long done, Action<bool> report)
    {
        var (fence, after) = pending.Dequeue();
        using (fence) fence.Wait();
        done = after;
        report(false);
    }

    /// <summary>How sentences map onto the device: the kernel's shape, teams of lanes, and teams per work-group.</summary>
    internal readonly record struct Layout(KernelShape Shape, int TeamsPerGroup, bool WarpTeams)
    {
        /// <summary>Shared memory a work-group may use: the 48 KB every CUDA device and most OpenCL devices give.</summary>
        public const int SharedBytes = 48 * 1024;

        public static Layout For(TrainingOptions o, Accelerator accelerator, GpuTrainingSettings settings, bool? aliasDraws = null)
        {
            bool warps = accelerator is CudaAccelerator or CPUAccelerator;
            int lanes = settings.LanesPerSentence;
            if (warps)
            {
                if (lanes != 0 && lanes != accelerator.WarpSize)
                    throw new Word2VecException($"ERROR: on {accelerator.Name.Trim()} a sentence is trained by one warp of {accelerator.WarpSize} lanes (got {lanes} lanes per sentence)");
                lanes = accelerator.WarpSize;
            }
            else
            {
                if (lanes == 0) lanes = 32;
                while (lanes > accelerator.MaxNumThreadsPerGroup && lanes > 1) lanes /= 2;
            }
            int limit = Math.Min(SharedBytes, accelerator.MaxSharedMemoryPerGroup > 0 ? accelerator.MaxSharedMemoryPerGroup : SharedBytes);
            bool shared = settings.SharedNegatives && o.Negative > 0;
            var shape = Make(o, lanes, shared, aliasDraws ?? shared, false);
            if (shape.SharedFloatsPerTeam * 4 > limit && shared)
                shape = Make(o, lanes, false, aliasDraws ?? false, false); // the slots do not fit: train per pair
            if (shape.SharedFloatsPerTeam * 4 > limit)
                throw new Word2VecException($"ERROR: -size {o.Size} needs {shape.SharedFloatsPerTeam * 4} bytes of shared memory per sentence, more than {accelerator.Name.Trim()} gives a work-group ({limit}); lower -size");
            if (settings.ContextRing != false)
            {
                // The ring where it fits, and by default only where it leaves a multiprocessor as many sentences in
                // flight as the window's rows in device memory do (its rows cost shared memory, so blocks).
                var ring = Make(o, lanes, shape.SharedNegatives, shape.AliasDraws, true);
                if (ring.SharedFloatsPerTeam * 4 <= limit
                    && (settings.ContextRing == true
                        || SentencesPerMultiprocessor(ring, Teams(ring, warps, limit, lanes, accelerator, settings)) >= SentencesPerMultiprocessor(shape, Teams(shape, warps, limit, lanes, accelerator, settings))))
                    shape = ring;
            }
            int teams = Teams(shape, warps, limit, lanes, accelerator, settings);
            return new Layout(shape, teams, warps);
        }

        /// <summary>Shared memory of one multiprocessor in the performance model (H100 and H200: 228 KB).</summary>
        public const int MultiprocessorSharedBytes = 228 * 1024;

        /// <summary>Sentences a multiprocessor trains at once by the performance model, as far as shared memory and
        /// its 2,048 lanes allow: blocks of the entry point's shared memory plus the 1 KB the driver reserves for each.</summary>
        public static int SentencesPerMultiprocessor(KernelShape shape, int teams)
        {
            int blockBytes = TrainKernel.EntryFloats(shape.SharedFloatsPerTeam * teams) * 4 + 1024;
            return Math.Min(MultiprocessorSharedBytes / blockBytes * teams, 2048 / shape.Lanes);
        }

        /// <summary>Sentences per work-group: one with work-group teams; with warps, as many as fit (at most 4, or
        /// the settings' number) within the shared memory and threads of a group.</summary>
        private static int Teams(KernelShape shape, bool warps, int limit, int lanes, Accelerator accelerator, GpuTrainingSettings settings)
        {
            if (!warps) return 1;
            int fit = Math.Max(1, limit / (shape.SharedFloatsPerTeam * 4));
            int groupLimit = Math.Max(1, accelerator.MaxNumThreadsPerGroup / lanes);
            int teams = settings.SentencesPerGroup > 0 ? settings.SentencesPerGroup : Math.Min(4, fit);
            return Math.Min(teams, Math.Min(fit, groupLimit));
        }

        private static KernelShape Make(TrainingOptions o, int lanes, bool shared, bool alias, bool ring) =>
            KernelShape.Create(o.Size, KernelShape.PaddedStride(o.Size), o.Window, o.Negative, lanes, o.HierarchicalSoftmax, o.Cbow, shared, alias && o.Negative > 0, ring);
    }
}
