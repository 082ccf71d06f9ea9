namespace Word2VecNative.Vectors;

/// <summary>
/// Where a <see cref="WordVectors"/> keeps its words and rows: one matrix (raw rows with their lengths, or unit rows
/// only) in managed memory (<see cref="ArrayVectorStore"/>), or a binary vectors file mapped into memory with its
/// index (<see cref="MappedVectorStore"/>). Every query is built on <see cref="Score"/>, <see cref="Unit"/> and
/// <see cref="Row"/>, so a query answers with the same bits whichever store holds the same file.
/// </summary>
internal abstract class VectorStore : IDisposable
{
    protected VectorStore(int count, int size)
    {
        Count = count;
        Size = size;
    }

    /// <summary>Number of rows (words).</summary>
    public int Count { get; }

    /// <summary>Floats per row.</summary>
    public int Size { get; }

    /// <summary>True when the rows themselves are unit length (the raw rows were replaced at load).</summary>
    public abstract bool Normalized { get; }

    /// <summary>True when the rows live in a memory-mapped file.</summary>
    public virtual bool Mapped => false;

    /// <summary>The word of a row, raw bytes as read.</summary>
    public abstract ReadOnlySpan<byte> WordBytes(int index);

    /// <summary>The first row whose word is <paramref name="word"/>, or -1.</summary>
    public abstract int IndexOf(ReadOnlySpan<byte> word);

    /// <summary>A row as stored (raw, or unit length when <see cref="Normalized"/>).</summary>
    public abstract ReadOnlySpan<float> Row(int index);

    /// <summary>A row as stored, as memory: no copy in managed memory; a copy of a mapped row, so that the memory
    /// never reads the mapping after it is unmapped.</summary>
    public abstract ReadOnlyMemory<float> RowMemory(int index);

    /// <summary>Every row back to back, where the store holds them so.</summary>
    public abstract bool TryGetMatrix(out ReadOnlySpan<float> matrix);

    /// <summary>The C tools' length of a row (a float sum of squares in order, its square root rounded to float);
    /// 1 when <see cref="Normalized"/>.</summary>
    public abstract float Norm(int index);

    /// <summary>Cosines of the rows from <paramref name="from"/> on with a unit query, one per element of
    /// <paramref name="destination"/>: <c>dot(row, query) / norm</c>, the dot product in one fixed SIMD order
    /// (<see cref="Training.SimdMath.Dot"/>) whatever the row's address.</summary>
    public abstract void Score(int from, ReadOnlySpan<float> query, Span<float> destination);

    /// <summary>The unit vector of a row exactly as the C programs compute it (each element divided by the row's
    /// length in float), or the stored row when <see cref="Normalized"/>.</summary>
    public void Unit(int index, Span<float> destination)
    {
        var row = Row(index);
        if (Normalized) row.CopyTo(destination);
        else System.Numerics.Tensors.TensorPrimitives.Divide(row, Norm(index), destination);
    }

    /// <summary>Keeps a mapped store's memory mapped until the lease is disposed (a no-op in managed memory);
    /// throws <see cref="ObjectDisposedException"/> once the store is disposed, except to a thread that already holds
    /// a lease on it. Every public query takes one first thing and releases it last, on the same thread.</summary>
    public virtual Lease Acquire() => default;

    /// <summary>Releases a mapping (at once, or when the last lease is released); nothing for managed memory.</summary>
    public virtual void Dispose() { }

    /// <summary>See <see cref="Acquire"/>.</summary>
    internal readonly struct Lease(MappedVectorStore? store) : IDisposable
    {
        public void Dispose() => store?.Release();
    }
}
