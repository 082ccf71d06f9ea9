using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>One training run: the shared matrices (syn0, syn1, syn1neg), the tables, and the threads.
/// The matrices live in native memory and are updated without locks (Hogwild), as in C.</summary>
internal sealed unsafe partial class TrainingRun : IDisposable
{
    internal const int MaxSentenceLength = 1000;

    private readonly TrainingOptions _o;
    private readonly Vocabulary _vocab;
    private readonly string _path;
    private readonly long _fileSize;
    private readonly int _size;
    private readonly int _vocabSize;
    private readonly long _trainWords;
    private readonly float _startingAlpha;
    private readonly float* _syn0;
    private readonly float* _syn1;
    private readonly float* _syn1neg;
    private readonly HuffmanTree _tree;
    private readonly UnigramTable? _table;
    private readonly float[] _keep;
    private long _wordCountActual;
    private float _alpha;
    private volatile bool _cancel;
    private Exception? _failure;

    public TrainingRun(TrainingOptions options, Vocabulary vocabulary, string path, long fileSize)
    {
        _o = options;
        _vocab = vocabulary;
        _path = path;
        _fileSize = fileSize;
        _size = options.Size;
        _vocabSize = vocabulary.Count;
        _trainWords = vocabulary.TrainWords;
        _startingAlpha = options.StartingAlpha;
        _alpha = _startingAlpha;
        nuint bytes = (nuint)((long)_vocabSize * _size * sizeof(float));
        _syn0 = Alloc(bytes);
        if (options.HierarchicalSoftmax) { _syn1 = Alloc(bytes); NativeMemory.Clear(_syn1, bytes); }
        if (options.Negative > 0) { _syn1neg = Alloc(bytes); NativeMemory.Clear(_syn1neg, bytes); }
        InitVectors(_syn0, (long)_vocabSize * _size, _size);
        _tree = HuffmanTree.Build(vocabulary);
        if (options.Negative > 0) _table = UnigramTable.Build(vocabulary);
        _keep = SubsamplingThresholds(vocabulary, options.Sample);
    }

    public HuffmanTree Tree => _tree;

    private static float* Alloc(nuint bytes)
    {
        try
        {
            return (float*)NativeMemory.AlignedAlloc(Math.Max(bytes, 64), 64);
        }
        catch (OutOfMemoryException e)
        {
            throw new Word2VecException($"ERROR: memory allocation failed ({bytes / 1048576} MB for one matrix)", e);
        }
    }

    /// <summary>C's InitNet: syn0 from the generator seeded with 1, in row order,
    /// <c>(((next_random &amp; 0xFFFF) / (real)65536) - 0.5) / layer1_size</c>.</summary>
    internal static void InitVectors(float* syn0, long count, int size)
    {
        var rnd = new CRandom(1);
        for (long i = 0; i < count; i++)
        {
            ulong r = rnd.Next();
            syn0[i] = (float)(((double)((r & 0xFFFF) / (float)65536) - 0.5) / size);
        }
    }

    /// <summary>C's subsampling keep threshold per word:
    /// <c>(sqrt(cn / (sample * train_words)) + 1) * (sample * train_words) / cn</c>, with C's float/double mix.</summary>
    internal static float[] SubsamplingThresholds(Vocabulary vocab, float sample)
    {
        var keep = new float[vocab.Count];
        if (sample <= 0) return keep;
        float st = sample * (float)vocab.TrainWords;
        for (int w = 0; w < keep.Length; w++)
        {
            long cn = vocab.Frequency(w);
            keep[w] = (float)((Math.Sqrt(cn / st) + 1) * st / cn);
        }
        return keep;
    }

    public float[] CopyVectors()
    {
        var v = new float[(long)_vocabSize * _size];
        new ReadOnlySpan<float>(_syn0, v.Length).CopyTo(v);
        return v;
    }

    internal ReadOnlySpan<float> Syn0 => new(_syn0, _vocabSize * _size);
    internal ReadOnlySpan<float> Syn1 => _syn1 == null ? default : new(_syn1, _vocabSize * _size);
    internal ReadOnlySpan<float> Syn1Neg => _syn1neg == null ? default : new(_syn1neg, _vocabSize * _size);

    public void Run(IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int threads = _o.Threads;
        var workers = new Thread[threads];
        double cpuStart = Trainer.ProcessorSeconds();
        for (int id = 0; id < threads; id++)
        {
            int tid = id;
            workers[id] = new Thread(() => ThreadMain(tid)) { IsBackground = true, Name = $"word2vec-{id}" };
        }
        foreach (var t in workers) t.Start();
        long total = (long)_o.Iterations * _trainWords + 1;
        long lastReported = -1;
        foreach (var t in workers)
        {
            while (!t.Join(100))
            {
                if (cancellationToken.IsCancellationRequested) _cancel = true;
                Report();
            }
        }
        if (_failure != null) throw new Word2VecException($"ERROR: training failed: {_failure.Message}", _failure);
        cancellationToken.ThrowIfCancellationRequested();

        void Report()
        {
            if (progress == null) return;
            long done = Interlocked.Read(ref _wordCountActual);
            if (done == lastReported) return;
            lastReported = done;
            double cpu = Trainer.ProcessorSeconds() - cpuStart;
            progress.Report(new TrainingProgress(Volatile.Read(ref _alpha), done, total, done / (cpu + 1e-6)));
        }
    }

    private void ThreadMain(int id)
    {
        try
        {
            if (_o.Kernel == KernelKind.Exact) TrainThread<ScalarKernel>(id);
            else TrainThread<SimdKernel>(id);
        }
        catch (Exception e)
        {
            _failure ??= e;
            _cancel = true;
        }
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(_syn0);
        if (_syn1 != null) NativeMemory.AlignedFree(_syn1);
        if (_syn1neg != null) NativeMemory.AlignedFree(_syn1neg);
    }
}
