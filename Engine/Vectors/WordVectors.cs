using System.Text;
using Word2VecNative.Training;

namespace Word2VecNative.Vectors;

/// <summary>
/// Word vectors for queries: loaded from a file in the C tool's binary or text format (ours, the C tool's or
/// gensim's), memory-mapped from a binary file (<see cref="OpenMapped"/>), or taken from a trained
/// <see cref="Word2VecModel"/>. Immutable once built; every query is thread-safe.
/// <para>Memory: one matrix. By default it holds the rows as loaded, plus each row's length (4 bytes a row,
/// computed as the rows are read, exactly as the C tools compute it: a float sum of squares in order and a square
/// root); cosines are scanned as <c>dot(row, query) / length</c> and unit vectors are made on the fly by C's float
/// division. Loaded with <c>normalize: true</c>, the rows are divided by their lengths as they are read and only the
/// unit rows are kept. No second, normalised copy of the matrix is made.</para>
/// <para>Errors: a word not in the vocabulary is a <see cref="KeyNotFoundException"/>; a missing file a
/// <see cref="FileNotFoundException"/>; a bad argument (an empty word list, a vector of the wrong dimension,
/// a negative <c>topN</c>) an <see cref="ArgumentException"/>; a malformed file a <see cref="Word2VecException"/>; each
/// with a one-line message.</para>
/// </summary>
public sealed partial class WordVectors : IDisposable
{
    private readonly VectorStore _store;

    private WordVectors(VectorStore store) => _store = store;

    /// <summary>Loads a vectors file (binary or text, read in one streaming pass into one matrix).
    /// <paramref name="limit"/> &gt; 0 keeps only the first <c>limit</c> words. With <paramref name="normalize"/> the
    /// rows are divided by their lengths at load and only the unit rows are kept (<see cref="Vector(int)"/> then
    /// returns unit vectors). A missing file is a <see cref="FileNotFoundException"/>; a truncated or corrupt one a
    /// <see cref="Word2VecException"/>.</summary>
    public static WordVectors Load(string path, VectorFileFormat format = VectorFileFormat.Auto, int limit = 0, bool normalize = false)
    {
        var r = VectorFileReader.Read(path, format, limit, normalize);
        return new WordVectors(new ArrayVectorStore(r.Words, r.Vectors, r.Size, r.Norms, normalize));
    }

    /// <summary>Loads vectors from a stream (see <see cref="Load(string, VectorFileFormat, int, bool)"/>).</summary>
    public static WordVectors Load(Stream stream, VectorFileFormat format = VectorFileFormat.Auto, int limit = 0, string name = "vectors stream", bool normalize = false)
    {
        var r = VectorFileReader.Read(stream, format, name, limit, normalize);
        return new WordVectors(new ArrayVectorStore(r.Words, r.Vectors, r.Size, r.Norms, normalize));
    }

    /// <summary>Wraps a trained model's vocabulary and vectors (no copy; the model must not be trained further).</summary>
    public static WordVectors FromModel(Word2VecModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new WordVectors(new ArrayVectorStore(model.Vocabulary, model.VectorArray, model.Size, norms: null, normalized: false));
    }

    /// <summary>
    /// Opens a binary vectors file (the C tool's or gensim's layout) without reading it into managed memory: the file
    /// is mapped (its pages are shared with every process that maps it) together with an index of ours, a file beside
    /// it (<paramref name="indexPath"/>, by default the vectors file's name with <see cref="IndexExtension"/> appended)
    /// holding the words, a lookup table, each row's offset and each row's length. The first open writes the index
    /// (one pass over the file); later opens map it and touch nothing else, whatever the size of the file. Queries
    /// answer exactly as on the same file loaded by <see cref="Load(string, VectorFileFormat, int, bool)"/>, to the bit;
    /// scans read the rows with positional reads (the system's page cache, shared too) into a small buffer per thread,
    /// which on a cached file costs less than a process's first touch of each mapped page. The file stays open until
    /// the vectors are disposed; a file cut short meanwhile makes a query throw <see cref="Word2VecException"/>.
    /// <para>An index that no longer belongs to the file (its device, inode, size, modification or change time, or a
    /// sample of its bytes changed), of another version, damaged, or not trusted (owned by a user other than this
    /// process's, the vectors file's owner or root, or writable by others who may not write the vectors file) is
    /// written again, or refused with a <see cref="Word2VecException"/> when <paramref name="rebuildIndex"/> is false.
    /// Every word a query finds or returns is checked against the file's bytes before its row, so an edited index
    /// cannot give a word another word's row. The index is never read or written through a symbolic link, FIFO or
    /// device at its path (that is refused, and left alone), and a file there that is not an index of ours is always
    /// refused. A new index is written to a fresh temporary file with the vectors file's permission bits (and owner,
    /// where the process may set it) and renamed into place; where it cannot be written (a read-only directory or
    /// file system, or an index of another user that may not be replaced) it is built in memory instead
    /// (<see cref="IndexPath"/> is then null). A text file is refused (memory mapping needs the binary layout), and so
    /// is a vectors file that is not a regular file.</para>
    /// <para>Dispose the vectors to unmap them. A query that starts after <see cref="Dispose"/> has returned throws
    /// <see cref="ObjectDisposedException"/>; queries running meanwhile finish with their full answers, and the file
    /// is unmapped when the last of them ends. Spans (<see cref="Vector(int)"/>, <see cref="TryGetVector"/>) point
    /// into the mapping and must not be used once the vectors are disposed (nor while another thread disposes them);
    /// <see cref="VectorMemory(int)"/> returns a copy of a mapped row instead, which stays valid.</para>
    /// </summary>
    public static WordVectors OpenMapped(string path, string? indexPath = null, bool rebuildIndex = true) =>
        new(MappedVectorStore.Open(path, indexPath ?? path + IndexExtension, rebuildIndex));

    /// <summary>What <see cref="OpenMapped"/> appends to the vectors file's name to name its index.</summary>
    public const string IndexExtension = ".w2vindex";

    /// <summary>Number of words.</summary>
    public int Count => _store.Count;

    /// <summary>Vector dimension.</summary>
    public int Size => _store.Size;

    /// <summary>True when only unit-length rows are kept (loaded with <c>normalize: true</c>).</summary>
    public bool IsNormalized => _store.Normalized;

    /// <summary>True when the rows are read from a memory-mapped file (<see cref="OpenMapped"/>).</summary>
    public bool IsMemoryMapped => _store.Mapped;

    /// <summary>The index file of memory-mapped vectors (see <see cref="OpenMapped"/>); null for vectors in managed
    /// memory, and for mapped vectors whose index could not be written beside the file and is held in memory.</summary>
    public string? IndexPath => (_store as MappedVectorStore)?.IndexPath;

    /// <summary>The word at <paramref name="index"/> (UTF-8 decoded).</summary>
    public string Word(int index)
    {
        CheckIndex(index);
        using var lease = _store.Acquire();
        return Encoding.UTF8.GetString(_store.WordBytes(index));
    }

    /// <summary>Row of <paramref name="word"/> (its first occurrence), or -1.</summary>
    public int IndexOf(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        using var lease = _store.Acquire();
        return _store.IndexOf(Encoding.UTF8.GetBytes(word));
    }

    /// <summary>True when <paramref name="word"/> has a row (see <see cref="IndexOf"/>).</summary>
    public bool Contains(string word) => IndexOf(word) >= 0;

    /// <summary>The vector of a row as stored: as loaded or trained, or unit length when <see cref="IsNormalized"/>.
    /// No copy: the span points into the matrix (or the mapped file, and must not be used once memory-mapped vectors
    /// are disposed; see <see cref="OpenMapped"/>).</summary>
    public ReadOnlySpan<float> Vector(int index)
    {
        CheckIndex(index);
        using var lease = _store.Acquire();
        return _store.Row(index);
    }

    /// <summary>The vector of <paramref name="word"/> as stored (see <see cref="Vector(int)"/>); a word without a row is a
    /// <see cref="KeyNotFoundException"/>.</summary>
    public ReadOnlySpan<float> Vector(string word)
    {
        using var lease = _store.Acquire();
        return Vector(Require(word));
    }

    /// <summary>The vector of a row as stored, as memory (for async code and collections): no copy for vectors in
    /// managed memory; for memory-mapped vectors a copy of the row (one allocation of <see cref="Size"/> floats), so
    /// the memory stays valid after the vectors are disposed instead of reading unmapped memory.</summary>
    public ReadOnlyMemory<float> VectorMemory(int index)
    {
        CheckIndex(index);
        using var lease = _store.Acquire();
        return _store.RowMemory(index);
    }

    /// <summary>The vector of <paramref name="word"/> as memory; a word without a row is a <see cref="KeyNotFoundException"/>.</summary>
    public ReadOnlyMemory<float> VectorMemory(string word)
    {
        using var lease = _store.Acquire();
        return VectorMemory(Require(word));
    }

    /// <summary>The vector of <paramref name="word"/> as stored (no copy), or false with an empty span when the word
    /// has no row.</summary>
    public bool TryGetVector(string word, out ReadOnlySpan<float> vector)
    {
        using var lease = _store.Acquire();
        int i = IndexOf(word);
        vector = i >= 0 ? Vector(i) : default;
        return i >= 0;
    }

    /// <summary>The length of a row as the C tools compute it (a float sum of squares in order, then a square root);
    /// 1 when <see cref="IsNormalized"/>.</summary>
    public float Norm(int index)
    {
        CheckIndex(index);
        using var lease = _store.Acquire();
        return _store.Norm(index);
    }

    /// <summary>A new array holding the unit vector of a row: each element divided by the row's length in float, as
    /// the C programs divide it (a zero row gives NaN, as in C).</summary>
    public float[] UnitVector(int index)
    {
        CheckIndex(index);
        using var lease = _store.Acquire();
        var unit = new float[Size];
        _store.Unit(index, unit);
        return unit;
    }

    /// <summary>A new array holding the unit vector of <paramref name="word"/> (see <see cref="UnitVector(int)"/>).</summary>
    public float[] UnitVector(string word)
    {
        using var lease = _store.Acquire();
        return UnitVector(Require(word));
    }

    /// <summary>All vectors, row-major, as stored (no copy). Memory-mapped vectors have no such matrix (their rows
    /// lie between the words of the file): there it is a <see cref="NotSupportedException"/>; use
    /// <see cref="Vector(int)"/>.</summary>
    public ReadOnlySpan<float> Vectors => _store.TryGetMatrix(out var m)
        ? m
        : throw new NotSupportedException("memory-mapped vectors have no contiguous matrix; read them row by row with Vector(index)");

    /// <summary>Writes the vectors in the C tool's format.</summary>
    public void Save(Stream output, bool binary)
    {
        using var lease = _store.Acquire();
        VectorFileWriter.Write(output, Count, i => _store.WordBytes(i), i => _store.Row(i), Size, binary);
    }

    /// <summary>Writes the vectors to <paramref name="path"/>: a regular file is replaced atomically (a failure leaves the
    /// old one whole); a device, FIFO or <c>/dev/stdout</c> is written through, as the C tool writes it.</summary>
    public void Save(string path, bool binary, CancellationToken cancellationToken = default) =>
        OutputFile.Write(path, s => Save(s, binary), cancellationToken);

    /// <summary>Unmaps memory-mapped vectors without waiting: every query that starts after this returns throws
    /// <see cref="ObjectDisposedException"/>; queries in progress finish, and the last of them to end unmaps the file.
    /// Vectors in managed memory hold nothing to release.</summary>
    public void Dispose() => _store.Dispose();

    internal VectorStore Store => _store;

    internal ReadOnlySpan<byte> WordBytes(int index) => _store.WordBytes(index);

    private void CheckIndex(int index) => ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));

    private int Require(string word)
    {
        int i = IndexOf(word);
        if (i < 0) throw new KeyNotFoundException($"word '{Vocab.Vocabulary.Printable(Encoding.UTF8.GetBytes(word))}' is not in the vocabulary");
        return i;
    }
}
