using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// What every training thread's worker (<see cref="TrainingWorker"/>, <see cref="BatchedWorker"/>) takes from a run,
/// set up once here: the shared matrices and the options its step reads, C's sigmoid, Huffman and unigram tables,
/// the thread's generator and loss, and with several threads a private copy of the busiest hierarchical-softmax rows
/// (<see cref="HotRows"/>). The fields are read in the step's inner loops; a subclass sees them as its own.
/// </summary>
internal abstract unsafe class StepWorker : IDisposable
{
    protected readonly float* _syn0, _syn1, _syn1neg;
    protected readonly int _size, _window, _negative;
    protected readonly bool _hs, _cbow;
    protected readonly long _vocabSizeMinus1;
    protected readonly float[] _expTable = SigmoidTable.Array;
    protected readonly byte[] _codes = [];
    protected readonly int[] _points = [];
    protected readonly byte[] _codeLengths = [];
    protected readonly UnigramTable? _table;
    protected readonly HotRows? _hot;
    protected readonly float* _hotRows;
    protected readonly int _hotStart = int.MaxValue;

    /// <summary>The thread's generator (C's <c>next_random</c>): window shrink, negatives and down-sampling.</summary>
    public CRandom Random;

    /// <summary>The loss summed by the step with <see cref="LossOn"/> (see <see cref="TrainingProgress.Loss"/>); written
    /// by the worker's thread only.</summary>
    public double Loss;

    /// <param name="weights">The shared matrices.</param>
    /// <param name="setup">Options and tables of the run.</param>
    /// <param name="seed">The generator's first state (C seeds thread <c>id</c> with <c>id</c>).</param>
    /// <param name="privateHotRows">Keep a private copy of the inner nodes nearest the Huffman root (see <see cref="HotRows"/>).</param>
    protected StepWorker(ModelWeights weights, TrainingSetup setup, ulong seed, bool privateHotRows)
    {
        var o = setup.Options;
        _size = weights.Size;
        _window = o.Window;
        _negative = o.Negative;
        _hs = o.HierarchicalSoftmax;
        _cbow = o.Cbow;
        _vocabSizeMinus1 = weights.Words - 1;
        _syn0 = weights.Syn0;
        _syn1 = weights.Syn1;
        _syn1neg = weights.Syn1Neg;
        if (_hs)
        {
            var tree = setup.Tree!;
            _codes = tree.FlatCodes;
            _points = tree.FlatPoints;
            _codeLengths = tree.FlatCodeLengths;
        }
        _table = setup.NegativeTable;
        Random = new CRandom(seed);
        if (privateHotRows && _hs)
        {
            _hot = new HotRows(_syn1, weights.Words - 1, _size);
            _hotRows = _hot.Local;
            _hotStart = _hot.Start;
        }
    }

    /// <summary>Adds this worker's changes to the busiest rows into the shared matrix (a no-op without private rows).</summary>
    public void Publish() => _hot?.Flush();

    public void Dispose()
    {
        FreeBuffers();
        _hot?.Dispose();
    }

    /// <summary>Frees the subclass's own buffers.</summary>
    protected abstract void FreeBuffers();
}
