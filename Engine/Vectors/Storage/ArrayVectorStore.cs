using System.Runtime.CompilerServices;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>
/// Words and rows in managed memory: one row-major matrix, and either the rows' C lengths (4 bytes a row: computed by
/// the loader as the rows arrive, or once, on the first query that needs them, for a trained model's matrix) or
/// nothing more, when the rows were divided by their lengths as they were loaded. No second, normalised copy of the
/// matrix is ever made.
/// </summary>
internal sealed class ArrayVectorStore : VectorStore
{
    private readonly Vocabulary _words;
    private readonly float[] _vectors;
    private readonly Lazy<float[]>? _norms;

    /// <summary>Wraps <paramref name="vectors"/> (no copy) with the rows' lengths (computed on first use when null), or,
    /// when <paramref name="normalized"/>, rows already divided by their lengths as the C programs divide them.</summary>
    public ArrayVectorStore(Vocabulary words, float[] vectors, int size, float[]? norms, bool normalized) : base(words.Count, size)
    {
        _words = words;
        _vectors = vectors;
        Normalized = normalized;
        if (normalized) return;
        _norms = norms != null ? new Lazy<float[]>(norms) : new Lazy<float[]>(() => UnitLength.Lengths(_vectors, Size, Count), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public override bool Normalized { get; }

    public Vocabulary Words => _words;

    public override ReadOnlySpan<byte> WordBytes(int index) => _words.Word(index);

    public override int IndexOf(ReadOnlySpan<byte> word) => _words.Search(word);

    public override ReadOnlySpan<float> Row(int index) => new(_vectors, index * Size, Size);

    public override ReadOnlyMemory<float> RowMemory(int index) => new(_vectors, index * Size, Size);

    public override bool TryGetMatrix(out ReadOnlySpan<float> matrix)
    {
        matrix = _vectors;
        return true;
    }

    public override float Norm(int index) => _norms == null ? 1f : _norms.Value[index];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override unsafe void Score(int from, ReadOnlySpan<float> query, Span<float> destination)
    {
        int size = Size, n = destination.Length;
        var norms = _norms?.Value;
        fixed (float* m = _vectors)
        fixed (float* q = query)
        {
            float* row = m + (long)from * size;
            if (norms == null)
            {
                for (int r = 0; r < n; r++, row += size) destination[r] = SimdMath.Dot(row, q, size);
            }
            else
            {
                for (int r = 0; r < n; r++, row += size) destination[r] = SimdMath.Dot(row, q, size) / norms[from + r];
            }
        }
    }
}
