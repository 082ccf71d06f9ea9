using System.Numerics.Tensors;
using ILGPU;
using ILGPU.Runtime;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// Data-parallel training on several devices of one machine: each device holds a replica of the model and trains a
/// share of the corpus (contiguous sentences, about as many words each), all devices at once, one launch each per
/// round (<see cref="GpuTrainingSettings.ReplicaMergesPerEpoch"/> rounds an epoch); after every round the replicas are merged, as BlazingText's multi-GPU mode synchronises its replicas: every
/// replica gets the matrices of the last merge plus the changes of all replicas since then (downloaded, added up on
/// the host, uploaded to every device). Averaging the replicas instead would weight each change by 1/devices, which
/// halves the learning rate with two devices (text8 prefix, skip-gram, 2 epochs: one device 5.64%, two devices
/// averaged 2.81%, merged 5.27%). A share's learning rate follows its own progress through the epoch, so that every
/// replica decays over the epoch as one device would; each sentence keeps the generator seed and the down-sampling draws
/// it has on one device.
/// Each share must fit in its device's memory (no streaming in chunks).
/// </summary>
internal static class Replicas
{
    /// <summary>One device's replica and share.</summary>
    private sealed class Replica(DeviceModel model, ResidentCorpus resident, EncodedCorpus share, int firstSegment) : IDisposable
    {
        public DeviceModel Model { get; } = model;
        public ResidentCorpus Resident { get; } = resident;
        public EncodedCorpus Share { get; } = share;
        public int FirstSegment { get; } = firstSegment;

        public void Dispose()
        {
            try
            {
                Resident.Dispose();
            }
            finally
            {
                Model.Dispose();
            }
        }
    }

    public static Word2VecModel Train(TrainingSetup setup, IReadOnlyList<(Accelerator Accelerator, GpuDeviceInfo Info)> devices,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, GpuTrainingSettings settings)
    {
        var options = setup.Options;
        var corpus = CorpusEncoder.Encode(setup, cancellationToken);
        var initial = setup.InitialVectors();
        var replicas = new List<Replica>();
        try
        {
            // No device without a sentence to train: a corpus of fewer sentences than devices uses fewer devices, and
            // each share holds at least one.
            var shares = Split(corpus, Math.Min(devices.Count, Math.Max(1, corpus.Segments)));
            for (int d = 0; d < shares.Count; d++)
            {
                var (accelerator, info) = devices[d];
                var layout = GpuTrainer.Layout.For(options, accelerator, settings);
                var model = new DeviceModel(accelerator, info.Name, setup, layout.Shape, layout.TeamsPerGroup, layout.WarpTeams, initial);
                ResidentCorpus resident;
                try
                {
                    resident = new ResidentCorpus(model, shares[d].Corpus, setup, settings, corpus.SegmentStart[shares[d].FirstSegment]);
                }
                catch
                {
                    model.Dispose();
                    throw;
                }
                replicas.Add(new Replica(model, resident, shares[d].Corpus, shares[d].FirstSegment));
                if (resident.Chunks.Count > 1)
                    throw new Word2VecException($"ERROR: with several devices each device's share of the corpus must fit in its memory; {info.Name.Trim()} would stream its share in {resident.Chunks.Count} chunks");
            }
            return TrainReplicas(setup, corpus, replicas, progress, cancellationToken, settings);
        }
        finally
        {
            // Nothing queued may still use a buffer when it is freed (a cancelled or failed round).
            foreach (var (accelerator, _) in devices)
            {
                try { accelerator.Synchronize(); }
                catch (Exception) { } // the device failed already: what is reported is the first error
            }
            foreach (var r in replicas) r.Dispose();
        }
    }

    private static Word2VecModel TrainReplicas(TrainingSetup setup, EncodedCorpus corpus, List<Replica> replicas, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken, GpuTrainingSettings settings)
    {
        var options = setup.Options;
        var schedule = setup.LearningRate;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Each device's launch is a round: 1/ReplicaMergesPerEpoch of its share, at most MaxSentencesPerLaunch sentences.
        int largest = replicas.Max(r => r.Share.Segments);
        int perLaunch = Math.Max(1, Math.Min(settings.MaxSentencesPerLaunch, (largest + settings.ReplicaMergesPerEpoch - 1) / settings.ReplicaMergesPerEpoch));
        var done = new long[replicas.Count];
        var agreed = new Agreed(replicas);
        agreed.Start();
        for (int epoch = 0; epoch < options.Iterations; epoch++)
        {
            var kept = replicas.Select(r => r.Resident.Load(epoch, 0, r.Model.Accelerator.DefaultStream).Kept).ToArray();
            int rounds = replicas.Max(r => (r.Share.Segments + perLaunch - 1) / perLaunch);
            for (int round = 0; round < rounds; round++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int first = round * perLaunch;
                ForEachDevice(replicas.Count, d =>
                {
                    var r = replicas[d];
                    var share = r.Share;
                    if (first >= share.Segments) return;
                    using var binding = r.Model.Accelerator.BindScoped(); // CUDA: the device's context on this thread
                    int count = Math.Min(perLaunch, share.Segments - first);
                    var stream = r.Model.Accelerator.DefaultStream;
                    r.Model.Train(stream, kept[d], r.Resident.SegmentStart, r.Resident.KeptLength, r.Resident.Alphas(epoch), first, count,
                        (long)epoch * corpus.Segments + r.FirstSegment);
                    stream.Synchronize();
                    done[d] = epoch * corpus.WordsPerEpoch + (first + count < share.Segments ? share.SegmentClock[first + count] : corpus.WordsPerEpoch);
                });
                agreed.Merge();
                long words = (long)done.Average();
                bool complete = epoch == options.Iterations - 1 && round == rounds - 1;
                progress?.Report(TrainingProgress.Create(setup, schedule.At(words), words, words / (clock.Elapsed.TotalSeconds + 1e-9), complete));
            }
        }
        return new Word2VecModel(setup.Vocabulary, replicas[0].Model.Download(replicas[0].Model.Syn0), options.Size);
    }

    /// <summary>Runs <paramref name="body"/> for every device at once; a device's error is rethrown as it was thrown
    /// (a one-line <see cref="Word2VecException"/> stays one), not wrapped.</summary>
    private static void ForEachDevice(int devices, Action<int> body)
    {
        try
        {
            Parallel.For(0, devices, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>The matrices as the replicas last agreed on them (host copies in blocks, so that no array outgrows .NET's
    /// limit whatever the model's size), one per trained matrix.</summary>
    private sealed class Agreed(List<Replica> replicas)
    {
        /// <summary>Floats per block (64 MB).</summary>
        private const int Block = 1 << 24;

        private readonly Dictionary<string, float[][]> _last = [];

        // Scratch of one block, kept from merge to merge: the changes summed, and one replica's block.
        private float[] _change = [], _replica = [];

        /// <summary>Remembers the matrices every replica starts from.</summary>
        public void Start() => ForEachMatrix((name, matrix) =>
        {
            var view = (ArrayView<float>)matrix(replicas[0].Model).View;
            var blocks = new float[(view.Length + Block - 1) / Block][];
            for (int b = 0; b < blocks.Length; b++)
            {
                blocks[b] = new float[Math.Min(Block, view.Length - (long)b * Block)];
                view.SubView((long)b * Block, blocks[b].Length).CopyToCPU(blocks[b]);
            }
            _last[name] = blocks;
        });

        /// <summary>Gives every replica the agreed matrices plus all replicas' changes since the last agreement.</summary>
        public void Merge() => ForEachMatrix(Merge);

        private void ForEachMatrix(Action<string, Func<DeviceModel, MemoryBuffer1D<float, Stride1D.Dense>>> action)
        {
            var first = replicas[0].Model;
            action("syn0", m => m.Syn0);
            if (first.Syn1.Length > 1) action("syn1", m => m.Syn1);
            if (first.Syn1Neg.Length > 1) action("syn1neg", m => m.Syn1Neg);
        }

        /// <summary>last + Σ (replica − last), block by block: a weight no replica changed comes back bit for bit.</summary>
        private void Merge(string name, Func<DeviceModel, MemoryBuffer1D<float, Stride1D.Dense>> matrix)
        {
            var last = _last[name];
            if (_change.Length < last[0].Length)
            {
                _change = new float[last[0].Length];
                _replica = new float[last[0].Length];
            }
            for (int b = 0; b < last.Length; b++)
            {
                int n = last[b].Length;
                Span<float> sum = _change.AsSpan(0, n), replica = _replica.AsSpan(0, n);
                sum.Clear();
                foreach (var r in replicas)
                {
                    ((ArrayView<float>)matrix(r.Model).View).SubView((long)b * Block, n).CopyToCPU(replica);
                    TensorPrimitives.Subtract(replica, last[b], replica);
                    TensorPrimitives.Add(sum, replica, sum);
                }
                TensorPrimitives.Add(last[b], sum, last[b]);
                foreach (var r in replicas) ((ArrayView<float>)matrix(r.Model).View).SubView((long)b * Block, n).CopyFromCPU((ReadOnlySpan<float>)last[b]);
            }
        }
    }

    /// <summary>The corpus cut into <paramref name="parts"/> shares of whole segments with about as many words each. A
    /// share's clock runs over the whole epoch (its own progress, scaled), so that its learning rate decays as one
    /// device's would.</summary>
    internal static List<(EncodedCorpus Corpus, int FirstSegment)> Split(EncodedCorpus corpus, int parts)
    {
        var shares = new List<(EncodedCorpus, int)>();
        int segments = corpus.Segments;
        int start = 0;
        for (int p = 0; p < parts; p++)
        {
            long target = corpus.SegmentStart[segments] * (p + 1) / parts;
            int end = p == parts - 1 ? segments : start;
            if (p < parts - 1)
            {
                while (end < segments && corpus.SegmentStart[end + 1] <= target) end++;
                // At least one segment each, and one left for every share after this one.
                end = Math.Clamp(end, start + 1, segments - (parts - 1 - p));
            }
            long firstWord = corpus.SegmentStart[start];
            long clockStart = start < segments ? corpus.SegmentClock[start] : corpus.WordsPerEpoch;
            long clockEnd = end < segments ? corpus.SegmentClock[end] : corpus.WordsPerEpoch;
            double scale = clockEnd > clockStart ? (double)corpus.WordsPerEpoch / (clockEnd - clockStart) : 0;
            var words = corpus.Words[(int)firstWord..(int)corpus.SegmentStart[end]]; // a stretch of the same array
            var segmentStart = new long[end - start + 1];
            var segmentClock = new long[end - start];
            for (int s = start; s <= end; s++) segmentStart[s - start] = corpus.SegmentStart[s] - firstWord;
            for (int s = start; s < end; s++) segmentClock[s - start] = (long)((corpus.SegmentClock[s] - clockStart) * scale);
            shares.Add((new EncodedCorpus(words, segmentStart, segmentClock, corpus.WordsPerEpoch), start));
            start = end;
        }
        return shares;
    }
}
