using Word2VecNative.Gpu.Compute;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// The model on the device: syn0, syn1 (hierarchical softmax inner nodes), syn1neg, the sigmoid table, Huffman
/// codes and points, and the compact unigram table; plus two sets of batch buffers used alternately, so the copy of
/// one batch is queued while the previous one trains. The buffers belong to the device and are released with it.
/// </summary>
internal sealed unsafe class GpuSession
{
    private readonly IComputeDevice _device;
    private readonly KernelConfig _config;
    private readonly int _vocabSize;
    private readonly DeviceBuffer _syn0, _syn1, _syn1neg, _expTable, _codes, _points, _codeLengths, _tableStart, _tableBucket;
    private readonly DeviceBuffer[] _words = new DeviceBuffer[2], _offsets = new DeviceBuffer[2], _alphas = new DeviceBuffer[2];
    private int _set;

    public GpuSession(IComputeDevice device, KernelConfig config, TrainingSetup setup, float[] syn0, int maxBatchWords, int maxBatchSentences,
        float[]? syn1 = null, float[]? syn1neg = null)
    {
        _device = device;
        _config = config;
        var vocab = setup.Vocabulary;
        _vocabSize = vocab.Count;
        long matrix = (long)vocab.Count * config.Size * sizeof(float);
        var tree = setup.Tree;
        var table = setup.NegativeTable;
        long needed = matrix * (1 + (tree != null ? 1 : 0) + (table != null ? 1 : 0))
            + (tree != null ? (long)vocab.Count * HuffmanTree.MaxCodeLength * 5 + vocab.Count : 0)
            + (table != null ? (table.Starts.Length + table.BucketFirst.Length) * 4L : 0)
            + 2L * (maxBatchWords + 2L * maxBatchSentences + 1) * 4;
        if (needed > device.Info.GlobalMemoryBytes)
            throw new Word2VecException($"ERROR: the model does not fit in the memory of {device.Info.Name}: it needs {needed / 1048576} MiB, the device has {device.Info.GlobalMemoryBytes / 1048576} MiB; lower -size or raise -min-count");

        device.Compile(config.Source(device.Info.Backend), KernelSource.EntryPoint);

        _syn0 = device.Allocate(matrix, "input vectors (syn0)");
        device.Upload<float>(_syn0, syn0);
        _syn1 = device.Allocate(tree != null ? matrix : 16, "hierarchical softmax vectors (syn1)");
        if (tree != null) UploadOrZero(_syn1, syn1, matrix);
        _syn1neg = device.Allocate(table != null ? matrix : 16, "negative sampling vectors (syn1neg)");
        if (table != null) UploadOrZero(_syn1neg, syn1neg, matrix);
        _expTable = device.Allocate(SigmoidTable.Table.Length * sizeof(float), "sigmoid table");
        device.Upload(_expTable, SigmoidTable.Table);
        if (tree != null)
        {
            _codes = device.Allocate(tree.AllCodes.Length, "Huffman codes");
            device.Upload(_codes, tree.AllCodes);
            _points = device.Allocate(tree.AllPoints.Length * 4L, "Huffman points");
            device.Upload(_points, tree.AllPoints);
            _codeLengths = device.Allocate(tree.CodeLengths.Length, "Huffman code lengths");
            device.Upload(_codeLengths, tree.CodeLengths);
        }
        else
        {
            _codes = _points = _codeLengths = device.Allocate(16, "Huffman placeholder");
        }
        if (table != null)
        {
            _tableStart = device.Allocate(table.Starts.Length * 4L, "unigram table");
            device.Upload(_tableStart, table.Starts);
            _tableBucket = device.Allocate(table.BucketFirst.Length * 4L, "unigram table index");
            device.Upload(_tableBucket, table.BucketFirst);
        }
        else
        {
            _tableStart = _tableBucket = device.Allocate(16, "unigram placeholder");
        }
        for (int i = 0; i < 2; i++)
        {
            _words[i] = device.Allocate(maxBatchWords * 4L, "batch words");
            _offsets[i] = device.Allocate((maxBatchSentences + 1) * 4L, "batch sentence offsets");
            _alphas[i] = device.Allocate(maxBatchSentences * 4L, "batch learning rates");
        }
    }

    private void UploadOrZero(DeviceBuffer b, float[]? values, long bytes) =>
        _device.Upload<float>(b, values ?? new float[bytes / 4]);

    /// <summary>Queues the batch's copy and its kernel; the batch arrays must stay untouched until <see cref="IComputeDevice.Fence"/>
    /// after this call has been waited on.</summary>
    public void Submit(SentenceBatch batch)
    {
        if (batch.Sentences == 0) return;
        int s = _set;
        _set ^= 1;
        fixed (int* w = batch.Words, o = batch.Offsets)
        fixed (float* r = batch.Alphas)
        {
            _device.UploadAsync(_words[s], w, batch.WordCount * 4L);
            _device.UploadAsync(_offsets[s], o, (batch.Sentences + 1) * 4L);
            _device.UploadAsync(_alphas[s], r, batch.Sentences * 4L);
        }
        KernelArg[] args =
        [
            _syn0, _syn1, _syn1neg, _expTable, _codes, _points, _codeLengths, _tableStart, _tableBucket,
            _words[s], _offsets[s], _alphas[s], _vocabSize, batch.FirstSentence,
        ];
        _device.Launch(batch.Sentences, _config.LocalSize, args);
    }

    public float[] DownloadSyn0() => Download(_syn0);

    public float[] DownloadSyn1() => Download(_syn1);

    public float[] DownloadSyn1Neg() => Download(_syn1neg);

    private float[] Download(DeviceBuffer b)
    {
        var v = new float[b.Bytes / 4];
        _device.Download<float>(b, v);
        return v;
    }
}
