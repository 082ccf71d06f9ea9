using ILGPU;
using ILGPU.Runtime;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// The model on the device: syn0, syn1 (hierarchical softmax inner nodes) and syn1neg with rows padded to
/// <see cref="KernelShape.Stride"/> floats, and the engine's <see cref="DeviceTables"/> (the sigmoid table, the Huffman
/// codes and points, the compact unigram table, the down-sampling thresholds) with the alias table of the same
/// distribution; plus the two kernels, compiled by ILGPU for this run's <see cref="KernelShape"/>. The buffers belong
/// to the accelerator and are released with this.
/// </summary>
internal sealed class DeviceModel : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly List<MemoryBuffer> _buffers = [];
    private readonly string _deviceName;
    private readonly Action<AcceleratorStream, KernelConfig, TrainViews, TrainScalars, KernelShape> _train;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, SubsampleScalars> _subsample;

    public DeviceModel(Accelerator accelerator, string deviceName, TrainingSetup setup, KernelShape shape, int teamsPerGroup, bool warpTeams,
        float[] syn0, float[]? syn1 = null, float[]? syn1neg = null)
    {
        _accelerator = accelerator;
        _deviceName = deviceName;
        Shape = shape;
        TeamsPerGroup = teamsPerGroup;
        var tables = setup.DeviceTables;
        VocabSize = tables.VocabularySize;
        long rows = (long)VocabSize * shape.Stride;
        bool hierarchicalSoftmax = !tables.HuffmanCodeLengths.IsEmpty;
        bool negativeSampling = !tables.UnigramStarts.IsEmpty;
        long needed = rows * 4 * (1 + (hierarchicalSoftmax ? 1 : 0) + (negativeSampling ? 1 : 0));
        if (needed > accelerator.MemorySize)
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {deviceName}: it needs {needed / 1048576} MiB, the device has {accelerator.MemorySize / 1048576} MiB; lower -size or raise -min-count");

        SharedFloats = shape.SharedFloatsPerTeam * teamsPerGroup;
        (_train, _subsample) = LoadKernels(accelerator, deviceName, shape, teamsPerGroup, warpTeams);

        Syn0 = UploadMatrix(syn0, "input vectors (syn0)");
        Syn1 = hierarchicalSoftmax ? UploadMatrix(syn1, "hierarchical softmax vectors (syn1)") : Allocate<float>(1, "placeholder");
        Syn1Neg = negativeSampling ? UploadMatrix(syn1neg, "negative sampling vectors (syn1neg)") : Allocate<float>(1, "placeholder");
        SigmoidTable = Upload(DeviceTables.Sigmoid, "sigmoid table");
        if (hierarchicalSoftmax)
        {
            Codes = Upload(tables.HuffmanCodes, "Huffman codes");
            Points = Upload(tables.HuffmanPoints, "Huffman points");
            CodeLengths = Upload(tables.HuffmanCodeLengths, "Huffman code lengths");
        }
        else
        {
            Codes = Allocate<byte>(1, "placeholder");
            Points = Allocate<int>(1, "placeholder");
            CodeLengths = Allocate<byte>(1, "placeholder");
        }
        if (negativeSampling)
        {
            TableStart = Upload(tables.UnigramStarts, "unigram table");
            TableBucket = Upload(tables.UnigramBuckets, "unigram table index");
            var (probability, alias) = AliasTable.Build(tables.UnigramStarts);
            AliasProbability = Upload(probability, "alias table");
            AliasWord = Upload(alias, "alias table");
            AliasCount = probability.Length;
        }
        else
        {
            TableStart = TableBucket = AliasWord = Allocate<int>(2, "placeholder");
            AliasProbability = Allocate<float>(1, "placeholder");
        }
        // Without down-sampling the kernel reads no threshold; zeros keep the buffer the vocabulary's length.
        Sample = !tables.KeepThresholds.IsEmpty;
        Thresholds = Upload(Sample ? tables.KeepThresholds : new float[VocabSize], "down-sampling thresholds");
    }

    /// <summary>Compiles the two kernels for <paramref name="shape"/> and loads them on <paramref name="accelerator"/>;
    /// a refusal is one line. ILGPU keeps what an accelerator loaded while the kernels are referenced, so loading them
    /// again after <see cref="GpuSession.Prepare"/> (which holds them) costs nothing.</summary>
    public static (Action<AcceleratorStream, KernelConfig, TrainViews, TrainScalars, KernelShape> Train,
        Action<AcceleratorStream, Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, SubsampleScalars> Subsample)
        LoadKernels(Accelerator accelerator, string deviceName, KernelShape shape, int teamsPerGroup, bool warpTeams)
    {
        if (2 * shape.Slots * teamsPerGroup > TrainKernel.MaxTargets)
            throw new Word2VecException($"ERROR: -negative {shape.Negative} with {teamsPerGroup} sentences per work-group needs more than {TrainKernel.MaxTargets} shared slots; lower -negative");
        int sharedFloats = shape.SharedFloatsPerTeam * teamsPerGroup;
        try
        {
            var method = KernelCompiler.TrainMethod(shape, warpTeams, sharedFloats);
            return (accelerator.LoadKernel<Action<AcceleratorStream, KernelConfig, TrainViews, TrainScalars, KernelShape>>(method),
                accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<float>, SubsampleScalars>(SubsampleKernel.Run));
        }
        catch (Exception e) when (e is not Word2VecException)
        {
            string why = e.Message;
            if (accelerator is ILGPU.Runtime.OpenCL.CLAccelerator cl)
            {
                try
                {
                    why = KernelCompiler.OpenClBuildLog(cl, shape, sharedFloats) ?? why;
                }
                catch (Exception again) when (again is not OutOfMemoryException)
                {
                    // keep the first error
                }
            }
            throw new Word2VecException($"ERROR: compiling the training kernels for {deviceName} failed: {Runtime.IlgpuRuntime.OneLine(why)}", e);
        }
    }

    public KernelShape Shape { get; }
    public int SharedFloats { get; }
    public int TeamsPerGroup { get; }
    public int VocabSize { get; }
    public int AliasCount { get; }
    public bool Sample { get; }
    public Accelerator Accelerator => _accelerator;
    public MemoryBuffer1D<float, Stride1D.Dense> Syn0 { get; }
    public MemoryBuffer1D<float, Stride1D.Dense> Syn1 { get; }
    public MemoryBuffer1D<float, Stride1D.Dense> Syn1Neg { get; }
    public MemoryBuffer1D<float, Stride1D.Dense> SigmoidTable { get; }
    public MemoryBuffer1D<byte, Stride1D.Dense> Codes { get; }
    public MemoryBuffer1D<int, Stride1D.Dense> Points { get; }
    public MemoryBuffer1D<byte, Stride1D.Dense> CodeLengths { get; }
    public MemoryBuffer1D<int, Stride1D.Dense> TableStart { get; }
    public MemoryBuffer1D<int, Stride1D.Dense> TableBucket { get; }
    public MemoryBuffer1D<float, Stride1D.Dense> AliasProbability { get; }
    public MemoryBuffer1D<int, Stride1D.Dense> AliasWord { get; }
    public MemoryBuffer1D<float, Stride1D.Dense> Thresholds { get; }

    /// <summary>Allocates device memory, or a one-line error naming what did not fit.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(long length, string what) where T : unmanaged
    {
        var b = Allocate<T>(_accelerator, _deviceName, length, what);
        _buffers.Add(b);
        return b;
    }

    /// <summary>Allocates device memory on <paramref name="accelerator"/>, or a one-line error naming what did not fit.</summary>
    public static MemoryBuffer1D<T, Stride1D.Dense> Allocate<T>(Accelerator accelerator, string deviceName, long length, string what) where T : unmanaged
    {
        long bytes = length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        try
        {
            if (bytes > accelerator.MemorySize) throw new OutOfMemoryException($"{bytes / 1048576} MiB is more than the device's {accelerator.MemorySize / 1048576} MiB");
            return accelerator.Allocate1D<T>(Math.Max(length, 1));
        }
        catch (Exception e) when (e is not Word2VecException)
        {
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {deviceName}: allocating the {what} ({bytes / 1048576} MiB) failed: {Runtime.IlgpuRuntime.OneLine(e.Message)}; lower -size or raise -min-count", e);
        }
    }

    private MemoryBuffer1D<T, Stride1D.Dense> Upload<T>(ReadOnlySpan<T> data, string what) where T : unmanaged
    {
        var b = Allocate<T>(data.Length, what);
        if (data.Length > 0) ((ArrayView<T>)b.View.SubView(0, data.Length)).CopyFromCPU(data);
        return b;
    }

    /// <summary>A vocabulary × size matrix on the device with padded rows (zeros when <paramref name="values"/> is null).</summary>
    private MemoryBuffer1D<float, Stride1D.Dense> UploadMatrix(float[]? values, string what)
    {
        int size = Shape.Size, stride = Shape.Stride;
        var b = Allocate<float>((long)VocabSize * stride, what);
        b.MemSetToZero();
        if (values == null) return b;
        const int rowsPerBlock = 1 << 14;
        var block = new float[(long)rowsPerBlock * stride];
        for (int first = 0; first < VocabSize; first += rowsPerBlock)
        {
            int n = Math.Min(rowsPerBlock, VocabSize - first);
            for (int r = 0; r < n; r++)
                values.AsSpan((int)((long)(first + r) * size), size).CopyTo(block.AsSpan(r * stride, size));
            ArrayView<float> target = b.View.SubView((long)first * stride, (long)n * stride);
            target.CopyFromCPU((ReadOnlySpan<float>)block.AsSpan(0, n * stride));
        }
        return b;
    }

    /// <summary>Copies a padded matrix back as vocabulary × size floats (after everything queued has finished).</summary>
    public float[] Download(MemoryBuffer1D<float, Stride1D.Dense> matrix)
    {
        _accelerator.Synchronize();
        int size = Shape.Size, stride = Shape.Stride;
        var result = new float[(long)VocabSize * size];
        const int rowsPerBlock = 1 << 14;
        var block = new float[(long)rowsPerBlock * stride];
        for (int first = 0; first < VocabSize; first += rowsPerBlock)
        {
            int n = Math.Min(rowsPerBlock, VocabSize - first);
            ArrayView<float> source = matrix.View.SubView((long)first * stride, (long)n * stride);
            source.CopyToCPU(block.AsSpan(0, n * stride));
            for (int r = 0; r < n; r++)
                block.AsSpan(r * stride, size).CopyTo(result.AsSpan((int)((long)(first + r) * size), size));
        }
        return result;
    }

    /// <summary>Queues the training of segments [first, first + count) of the resident chunk.</summary>
    public void Train(AcceleratorStream stream, ArrayView<int> words, ArrayView<int> segmentStart, ArrayView<int> keptLength, ArrayView<float> alphas,
        int first, int count, long seedBase)
    {
        var views = new TrainViews
        {
            Syn0 = Syn0.View,
            Syn1 = Syn1.View,
            Syn1Neg = Syn1Neg.View,
            SigmoidTable = SigmoidTable.View,
            Codes = Codes.View,
            Points = Points.View,
            CodeLengths = CodeLengths.View,
            TableStart = TableStart.View,
            TableBucket = TableBucket.View,
            AliasProbability = AliasProbability.View,
            AliasWord = AliasWord.View,
            Words = words,
            SegmentStart = segmentStart,
            KeptLength = keptLength,
            Alphas = alphas,
        };
        var scalars = new TrainScalars { First = first, Count = count, VocabSize = VocabSize, AliasCount = AliasCount, SeedBase = seedBase };
        int groups = (count + TeamsPerGroup - 1) / TeamsPerGroup;
        var config = new KernelConfig(Math.Max(groups, 1), Shape.Lanes * TeamsPerGroup);
        _train(stream, config, views, scalars, Shape);
    }

    /// <summary>Queues the down-sampling of segments [first, first + count) of the resident chunk into <paramref name="kept"/>.</summary>
    public void Subsample(AcceleratorStream stream, ArrayView<int> corpus, ArrayView<int> kept, ArrayView<int> segmentStart, ArrayView<int> segmentLength,
        ArrayView<int> keptLength, int first, int count, long positionBase, ulong seed)
    {
        var scalars = new SubsampleScalars { First = first, Count = count, Sample = Sample ? 1 : 0, PositionBase = positionBase, Seed = seed };
        _subsample(stream, count, corpus, kept, segmentStart, segmentLength, keptLength, Thresholds.View, scalars);
    }

    public void Dispose()
    {
        foreach (var b in _buffers) b.Dispose();
        _buffers.Clear();
    }
}
