using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// The encoded corpus on the device. When it fits (two ints per word: the words and the words kept by down-sampling)
/// it is copied once and stays for every epoch; otherwise it is cut into chunks of whole segments that stream through
/// two device buffers: while one chunk trains, the next is copied from page-locked host memory on a second stream.
/// Also holds the segment table (start in its chunk, length, words kept this epoch) and every epoch's learning rates,
/// computed once on the host with the engine's <see cref="LearningRateSchedule"/>.
/// </summary>
internal sealed class ResidentCorpus : IDisposable
{
    private readonly DeviceModel _model;
    private readonly EncodedCorpus _corpus;
    private readonly MemoryBuffer1D<int, Stride1D.Dense>[] _raw;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _kept;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _segmentStart, _segmentLength, _keptLength;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _alphas;
    private readonly PageLockedArray1D<int>[] _staging = [];
    private readonly AcceleratorStream? _copyStream;
    private readonly Fence?[] _copied = new Fence?[2];
    private readonly Fence?[] _read = new Fence?[2];
    private readonly int[] _slotHolds = [-1, -1];
    private readonly int _epochs;
    private readonly long _firstWord;

    public readonly record struct Chunk(int FirstSegment, int EndSegment, long FirstWord, int Words);

    public readonly record struct Loaded(int FirstSegment, int EndSegment, ArrayView<int> Kept);

    /// <param name="model">The device's model, whose kernels down-sample the chunks.</param>
    /// <param name="corpus">The encoded corpus, or one device's share of it.</param>
    /// <param name="setup">The run's options and learning-rate schedule.</param>
    /// <param name="settings">How much of it may stay on the device.</param>
    /// <param name="firstWord">Where <paramref name="corpus"/> starts in the whole corpus: down-sampling draws by corpus
    /// position, so a share keeps the words one device would keep.</param>
    public ResidentCorpus(DeviceModel model, EncodedCorpus corpus, TrainingSetup setup, GpuTrainingSettings settings, long firstWord = 0)
    {
        _model = model;
        _corpus = corpus;
        _firstWord = firstWord;
        var accelerator = model.Accelerator;
        long words = corpus.Words.Count;
        _epochs = setup.Options.Iterations;
        // Resident, a word takes two ints (as read and as kept); streaming, a chunk takes three (two slots and the kept words).
        long limit = settings.MaxResidentWords;
        if (limit == 0)
        {
            long free = accelerator is CudaAccelerator cuda ? cuda.GetFreeMemory() : accelerator.MemorySize;
            limit = (long)(free * 0.8) / 8;
        }
        limit = Math.Max(limit, 2L * DeviceTables.MaxSentenceLength);
        Chunks = Plan(corpus, words <= limit ? Math.Max(words, 1) : limit / 2);
        int slots = Chunks.Count > 1 ? 2 : 1;
        long chunkWords = Math.Max(1, Chunks.Max(c => (long)c.Words));

        int segments = corpus.Segments;
        var start = new int[segments];
        var length = new int[segments];
        foreach (var c in Chunks)
            for (int s = c.FirstSegment; s < c.EndSegment; s++)
            {
                start[s] = (int)(corpus.SegmentStart[s] - c.FirstWord);
                length[s] = corpus.Length(s);
            }
        var schedule = setup.LearningRate;
        int epochs = setup.Options.Iterations;
        var alphas = new float[(long)epochs * segments];
        for (int e = 0; e < epochs; e++)
            for (int s = 0; s < segments; s++)
                alphas[(long)e * segments + s] = schedule.At(e * corpus.WordsPerEpoch + corpus.SegmentClock[s]);
        _segmentStart = Upload(start, "segment table");
        _segmentLength = Upload(length, "segment table");
        _keptLength = model.Allocate<int>(segments, "segment table");
        _alphas = Upload(alphas, "learning rates");

        _raw = new MemoryBuffer1D<int, Stride1D.Dense>[slots];
        for (int i = 0; i < slots; i++) _raw[i] = model.Allocate<int>(chunkWords, "encoded corpus");
        _kept = model.Allocate<int>(chunkWords, "down-sampled corpus");
        if (slots == 1)
        {
            if (words > 0) ((ArrayView<int>)_raw[0].View.SubView(0, words)).CopyFromCPU((ReadOnlySpan<int>)corpus.Words.AsSpan());
            _slotHolds[0] = 0;
        }
        else
        {
            _staging = [accelerator.AllocatePageLocked1D<int>(chunkWords, uninitialized: true), accelerator.AllocatePageLocked1D<int>(chunkWords, uninitialized: true)];
            _copyStream = accelerator.CreateStream();
        }
    }

    public IReadOnlyList<Chunk> Chunks { get; }

    /// <summary>Segment starts, each within its chunk.</summary>
    public ArrayView<int> SegmentStart => _segmentStart.View;

    /// <summary>Words kept in each segment this epoch (written by the down-sampling kernel).</summary>
    public ArrayView<int> KeptLength => _keptLength.View;

    /// <summary>The learning rate of every segment in <paramref name="epoch"/>.</summary>
    public ArrayView<float> Alphas(int epoch) => _alphas.View.SubView((long)epoch * _corpus.Segments, Math.Max(1, _corpus.Segments));

    /// <summary>Makes chunk <paramref name="chunk"/> resident for <paramref name="epoch"/> and queues its down-sampling on
    /// <paramref name="stream"/>; streaming, also starts copying the chunk after it.</summary>
    public Loaded Load(int epoch, int chunk, AcceleratorStream stream)
    {
        int sequence = epoch * Chunks.Count + chunk;
        int slot = sequence % _raw.Length;
        if (_raw.Length > 1)
        {
            if (_slotHolds[slot] != sequence) Issue(sequence);
            _copied[slot]!.Wait();
        }
        var c = Chunks[chunk];
        _model.Subsample(stream, _raw[slot].View, _kept.View, SegmentStart, _segmentLength.View, KeptLength, c.FirstSegment, c.EndSegment - c.FirstSegment,
            _firstWord + c.FirstWord, SubsampleKernel.Mix((ulong)epoch + 0x5EED));
        if (_raw.Length > 1)
        {
            _read[slot]?.Dispose();
            _read[slot] = new Fence(stream);
            if (sequence + 1 < Chunks.Count * _epochs) Issue(sequence + 1);
        }
        return new Loaded(c.FirstSegment, c.EndSegment, _kept.View);
    }

    /// <summary>Starts copying the chunk of <paramref name="sequence"/> into its slot once the slot's last reader is done.</summary>
    private void Issue(int sequence)
    {
        int slot = sequence % 2;
        var c = Chunks[sequence % Chunks.Count];
        _read[slot]?.Wait();
        _copied[slot]?.Wait();
        _corpus.Words.AsSpan((int)c.FirstWord, c.Words).CopyTo(_staging[slot].Span);
        _raw[slot].View.SubView(0, c.Words).CopyFrom(_copyStream!, _staging[slot].ArrayView.SubView(0, c.Words));
        _copied[slot]?.Dispose();
        _copied[slot] = new Fence(_copyStream!);
        _slotHolds[slot] = sequence;
    }

    private static List<Chunk> Plan(EncodedCorpus corpus, long capacity)
    {
        var chunks = new List<Chunk>();
        int first = 0;
        long firstWord = 0;
        for (int s = 0; s < corpus.Segments; s++)
        {
            long end = corpus.SegmentStart[s + 1];
            if (end - firstWord > capacity && s > first)
            {
                chunks.Add(new Chunk(first, s, firstWord, (int)(corpus.SegmentStart[s] - firstWord)));
                first = s;
                firstWord = corpus.SegmentStart[s];
            }
        }
        chunks.Add(new Chunk(first, corpus.Segments, firstWord, (int)(corpus.Words.Count - firstWord)));
        return chunks;
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(T[] data, string what) where T : unmanaged
    {
        var b = _model.Allocate<T>(data.Length, what);
        if (data.Length > 0) ((ArrayView<T>)b.View.SubView(0, data.Length)).CopyFromCPU((ReadOnlySpan<T>)data.AsSpan());
        return b;
    }

    public void Dispose()
    {
        foreach (var f in _copied) f?.Dispose();
        foreach (var f in _read) f?.Dispose();
        _copyStream?.Synchronize();
        _copyStream?.Dispose();
        foreach (var s in _staging) s.Dispose();
    }
}
