using System.Runtime.InteropServices;

namespace Word2VecNative.Training;

/// <summary>
/// The shared matrices of a run: syn0 (input vectors), syn1 (hierarchical softmax inner nodes) and syn1neg
/// (negative sampling output vectors), <c>vocabulary size × size</c> floats each, pinned for the whole run so that
/// workers reach them through pointers and update them without locks (Hogwild), as C's threads do.
/// </summary>
internal sealed unsafe class ModelWeights : IDisposable
{
    private GCHandle _syn0, _syn1, _syn1neg;

    /// <summary>Takes the arrays as they are (syn1 and syn1neg may be null when their objective is off) and pins
    /// them until <see cref="Dispose"/>.</summary>
    public ModelWeights(int words, int size, float[] syn0, float[]? syn1, float[]? syn1neg)
    {
        long n = (long)words * size;
        if (syn0.LongLength != n || (syn1 != null && syn1.LongLength != n) || (syn1neg != null && syn1neg.LongLength != n))
            Throw.Argument(nameof(syn0), $"the matrices must hold {words} × {size} floats");
        Words = words;
        Size = size;
        Syn0Array = syn0;
        Syn1Array = syn1;
        Syn1NegArray = syn1neg;
        _syn0 = GCHandle.Alloc(syn0, GCHandleType.Pinned);
        Syn0 = (float*)_syn0.AddrOfPinnedObject();
        if (syn1 != null)
        {
            _syn1 = GCHandle.Alloc(syn1, GCHandleType.Pinned);
            Syn1 = (float*)_syn1.AddrOfPinnedObject();
        }
        if (syn1neg != null)
        {
            _syn1neg = GCHandle.Alloc(syn1neg, GCHandleType.Pinned);
            Syn1Neg = (float*)_syn1neg.AddrOfPinnedObject();
        }
    }

    /// <summary>The matrices of a new run: C's initial syn0, zeroed output layers for the objectives in use.</summary>
    public static ModelWeights Create(TrainingSetup setup)
    {
        var o = setup.Options;
        int words = setup.Vocabulary.Count;
        var syn0 = setup.InitialVectors();
        float[]? syn1 = o.HierarchicalSoftmax ? LargeArray.AllocateZeroed(syn0.Length, pinned: true) : null;
        float[]? syn1neg = o.Negative > 0 ? LargeArray.AllocateZeroed(syn0.Length, pinned: true) : null;
        return new ModelWeights(words, o.Size, syn0, syn1, syn1neg);
    }

    public int Words { get; }
    public int Size { get; }
    public float* Syn0 { get; }
    public float* Syn1 { get; }
    public float* Syn1Neg { get; }
    public float[] Syn0Array { get; }
    public float[]? Syn1Array { get; }
    public float[]? Syn1NegArray { get; }

    public void Dispose()
    {
        if (_syn0.IsAllocated) _syn0.Free();
        if (_syn1.IsAllocated) _syn1.Free();
        if (_syn1neg.IsAllocated) _syn1neg.Free();
    }
}
