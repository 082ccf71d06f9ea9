using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Word2VecNative.Training;

/// <summary>
/// A thread's private copy of the last <see cref="Count"/> rows of a shared matrix (for syn1, the inner nodes
/// nearest the Huffman root, which nearly every word's path visits). <see cref="Flush"/> adds what the thread
/// changed since the last flush to the shared rows and takes a fresh copy, so the other threads' changes arrive
/// too; between flushes the thread works on its copy without touching the shared cache lines.
/// </summary>
internal sealed unsafe class HotRows : IDisposable
{
    public const int MaxRows = 64;

    /// <summary>Words trained between flushes (a power of two).</summary>
    public const int FlushEvery = 32;

    private readonly float* _shared;
    private readonly float* _base;
    private readonly int _floats;

    public HotRows(float* matrix, int rows, int size)
    {
        Count = Math.Min(MaxRows, rows);
        Start = rows - Count;
        _floats = Count * size;
        _shared = matrix + (long)Start * size;
        Local = (float*)NativeMemory.AlignedAlloc((nuint)(_floats * sizeof(float)), 64);
        _base = (float*)NativeMemory.AlignedAlloc((nuint)(_floats * sizeof(float)), 64);
        Snapshot();
    }

    /// <summary>First row index held.</summary>
    public int Start { get; }

    /// <summary>Rows held.</summary>
    public int Count { get; }

    /// <summary>The thread's copy: row <c>r</c> of the matrix is at <c>Local + (r - Start) * size</c>.</summary>
    public float* Local { get; }

    public void Flush()
    {
        var local = new Span<float>(Local, _floats);
        var baseRows = new Span<float>(_base, _floats);
        var shared = new Span<float>(_shared, _floats);
        TensorPrimitives.Subtract(local, baseRows, local);   // local = own changes
        TensorPrimitives.Add(shared, local, shared);         // publish them (lock-free, like every other update)
        Snapshot();
    }

    private void Snapshot()
    {
        var shared = new ReadOnlySpan<float>(_shared, _floats);
        shared.CopyTo(new Span<float>(Local, _floats));
        shared.CopyTo(new Span<float>(_base, _floats));
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(Local);
        NativeMemory.AlignedFree(_base);
    }
}
