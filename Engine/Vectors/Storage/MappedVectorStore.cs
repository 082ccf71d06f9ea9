using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>
/// A binary vectors file used in place: the file and its index (<see cref="VectorIndex"/>) are mapped read-only, so
/// their pages are shared by every process that maps them and nothing is read into managed arrays. Rows are read
/// where they lie in the file (at any byte offset); words, lookups, offsets and lengths come from the index. Scans
/// (<see cref="Score"/>) read their blocks of rows with positional reads into a small buffer instead of through the
/// mapping: a process's first touch of each mapped 4 KB page costs more than copying it (a first query on a
/// 3M × 300 file took 1.2 s through the mapping and 0.3 s with reads, and later ones 243 ms and 151–191 ms, on the
/// same cached file), and a scan then leaves no file pages mapped in the process. Opening
/// checks that the index belongs to the file, that it is whole (the checksum of its sections) and that it holds
/// together (every offset in bounds and in order, and a sample of rows whose words and lengths match the file), so a
/// damaged index is noticed and cannot make a query read outside the mappings.
/// </summary>
internal sealed unsafe class MappedVectorStore : VectorStore
{
    private const int SampleRows = 16;

    private readonly string? _indexPath;
    private readonly Region _source, _index;
    private readonly long _sourceLength;
    private readonly float* _norms;
    private readonly long* _rowOffsets;
    private readonly long* _wordOffsets;
    private readonly int* _table;
    private readonly byte* _pool;
    private readonly int _mask;
    private readonly FileStream _file;
    private readonly string _name; // the path it was opened by (a stream made from a handle has no name)
    private readonly SafeFileHandle _reader; // FileStream.SafeFileHandle is not a plain field: it flushes and marks the handle exposed
    private long _firstWordAt; // just after the header line
    private readonly bool _rowsApart; // a line break after every row (the C tool's layout; gensim's has none)
    private int _holds = 1; // this store's own until disposed, plus one per lease, plus Disposed once disposed

    /// <summary>Set in <see cref="_holds"/> by <see cref="Dispose"/>: no lease is granted afterwards.</summary>
    private const int Disposed = 1 << 30;

    /// <summary>The store this thread holds its outermost lease on, and how many leases it nests inside it.</summary>
    // Thread statics are named t_ (the runtime's habit); the naming rule cannot tell them from other statics.
#pragma warning disable IDE1006
    [ThreadStatic]
    private static MappedVectorStore? t_leased;

    [ThreadStatic]
    private static int t_nested;
#pragma warning restore IDE1006

    private MappedVectorStore(VectorIndex.Header h, FileStream file, string name, Region source, Region index, string? indexPath) : base(h.Words, h.Size)
    {
        _file = file;
        _name = name;
        _reader = file.SafeFileHandle;
        _source = source;
        _index = index;
        _indexPath = indexPath;
        _sourceLength = h.Source.Length;
        _norms = (float*)(index.Pointer + VectorIndex.Header.NormsAt);
        _rowOffsets = (long*)(index.Pointer + h.RowOffsetsAt);
        _wordOffsets = (long*)(index.Pointer + h.WordOffsetsAt);
        _table = (int*)(index.Pointer + h.TableAt);
        _pool = index.Pointer + h.PoolAt;
        _mask = h.Slots - 1;
        _rowsApart = h.RowsApart;
    }

    /// <summary>The index file in use, or null where it could not be written and is held in memory.</summary>
    public string? IndexPath => _indexPath;

    private string IndexName => _indexPath ?? $"of {_name} (held in memory)";

    /// <summary>Opens <paramref name="path"/> with the index at <paramref name="indexPath"/>, writing the index first
    /// where it is missing (or, with <paramref name="rebuild"/>, stale, damaged or not trusted); where it cannot be
    /// written there, the index is held in memory.</summary>
    public static MappedVectorStore Open(string path, string indexPath, bool rebuild)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(indexPath);
        if (Path.GetFullPath(indexPath) == Path.GetFullPath(path)) throw new ArgumentException("the index path is the vectors file itself", nameof(indexPath));
        var file = OpenSource(path);
        try
        {
            return Open(file, path, indexPath, rebuild); // the store keeps the file open for its reads
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The vectors file, which must be a regular file (a FIFO or a device has no pages to map); opened
    /// without waiting, whatever is at the path.</summary>
    private static FileStream OpenSource(string path)
    {
        SafeFileHandle? handle;
        try
        {
            handle = FileStatus.OpenRegular(path, followLinks: true);
        }
        catch (NotAFileException e)
        {
            throw new Word2VecException(e.Message == "is a directory"
                ? $"vectors file {path} is a directory"
                : $"vectors file {path} is not a regular file; memory mapping needs one (load a pipe or device with WordVectors.Load)", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"cannot read vectors file {path}: {e.Message}", e);
        }
        if (handle == null) throw new FileNotFoundException($"vectors file {path} not found", path);
        return new FileStream(handle, FileAccess.Read, 1);
    }

    private static MappedVectorStore Open(FileStream file, string path, string indexPath, bool rebuild)
    {
        var sourceStatus = FileStatus.Of(file.SafeFileHandle);
        var identity = SourceIdentity.Of(file.SafeFileHandle);
        var state = VectorIndex.State.Missing;
        string why;
        using (var existing = VectorIndex.OpenExisting(indexPath, sourceStatus, out string distrust))
        {
            why = distrust;
            if (existing != null)
            {
                state = VectorIndex.Check(existing, indexPath, identity, out var header, out string problem);
                if (state == VectorIndex.State.Foreign)
                    Throw.Input($"{indexPath} exists and is not a word-vectors index; remove it or choose another index path");
                if (distrust.Length > 0)
                {
                    state = VectorIndex.State.Untrusted;
                }
                else
                {
                    why = problem;
                    if (state == VectorIndex.State.Valid)
                    {
                        var store = TryMap(file, path, header, existing, indexPath, out why);
                        if (store != null) return store;
                        state = VectorIndex.State.Damaged;
                    }
                }
            }
            else if (distrust.Length > 0)
            {
                state = VectorIndex.State.Untrusted;
            }
        }
        if (state != VectorIndex.State.Missing && !rebuild)
            Throw.Input($"the index {indexPath} {why}; delete it, or open with rebuildIndex: true to write it again");
        var built = VectorIndex.Build(file, path, identity);
        return WriteAndMap(file, path, built, identity, indexPath, sourceStatus) ?? InMemory(file, path, built, identity);
    }

    /// <summary>
    /// Writes the index to a temporary sibling created exclusively (never through anything planted at that name),
    /// with the vectors file's permission bits (less the umask, so never wider) and, where the process may set it,
    /// its owner; renames it over <paramref name="indexPath"/> (a link there is replaced, not followed) and maps
    /// what it wrote. Null where the directory or the file system refuses the index (read-only, not ours, full).
    /// </summary>
    private static MappedVectorStore? WriteAndMap(FileStream file, string path, VectorIndex.Built built, SourceIdentity identity, string indexPath, FileStatus? source)
    {
        string target = Path.GetFullPath(indexPath);
        string tmp = OutputFile.TempName(target);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, Share = FileShare.Read, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = (source?.Permissions ?? (UnixFileMode)0x1A4) & (UnixFileMode)0x1B6; // rw bits only, as the vectors file has them
        FileStream fs;
        try
        {
            fs = new FileStream(tmp, options);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new Word2VecException($"cannot write the index {indexPath}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        bool moved = false;
        try
        {
            using (fs)
            {
                built.WriteTo(fs);
                if (source is FileStatus src) TakeOwnerAndGroup(fs.SafeFileHandle, src);
                File.Move(tmp, target, overwrite: true);
                moved = true;
                if (VectorIndex.Check(fs.SafeFileHandle, indexPath, identity, out var header, out string why) != VectorIndex.State.Valid
                    || TryMap(file, path, header, fs.SafeFileHandle, indexPath, out why) is not { } store)
                    throw new Word2VecException($"the index {indexPath} just written {why}");
                return store;
            }
        }
        catch (Exception e) when (!moved && e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        finally
        {
            if (!moved)
            {
                try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>Gives the index the vectors file's owner and group where the process may (root; the owner for a group
    /// it belongs to); where the group stays another, the index keeps no group permissions beyond the vectors file's
    /// permissions for others.</summary>
    private static void TakeOwnerAndGroup(SafeFileHandle index, FileStatus source)
    {
        if (FileStatus.Of(index) is not FileStatus now) return;
        if (now.Owner != source.Owner) _ = FileStatus.Chown(index, source.Owner, uint.MaxValue);
        if (now.Group != source.Group) _ = FileStatus.Chown(index, uint.MaxValue, source.Group);
        if (!OperatingSystem.IsWindows() && FileStatus.Of(index) is FileStatus after && !VectorIndex.WithinSource(after, source))
        {
            int others = (int)source.Permissions & 7, mode = (int)after.Permissions;
            File.SetUnixFileMode(index, (UnixFileMode)((mode & ~0x38) | ((others & (mode >> 3) & 7) << 3)));
        }
    }

    /// <summary>The index held in this process's memory, where it cannot be written beside the file.</summary>
    private static MappedVectorStore InMemory(FileStream file, string path, VectorIndex.Built built, SourceIdentity identity)
    {
        var memory = new NativeRegion(built.Header.Length);
        Region? source = null;
        try
        {
            using (var s = new UnmanagedMemoryStream(memory.Pointer, memory.Length, memory.Length, FileAccess.Write))
                built.WriteTo(s);
            var head = new ReadOnlySpan<byte>(memory.Pointer, (int)Math.Min(memory.Length, VectorIndex.HeaderBytes));
            if (VectorIndex.Check(head, memory.Length, identity, out var header, out string why) != VectorIndex.State.Valid)
                throw new Word2VecException($"the index of {path} built in memory {why}");
            source = Mapping.Of(file.SafeFileHandle);
            var store = new MappedVectorStore(header, file, path, source, memory, null);
            why = store.Validate(header.BodyHash);
            if (why.Length > 0) throw new Word2VecException($"the index of {path} built in memory {why}");
            return store;
        }
        catch
        {
            source?.Dispose();
            memory.Dispose();
            throw;
        }
    }

    private static MappedVectorStore? TryMap(FileStream file, string path, VectorIndex.Header header, SafeFileHandle indexFile, string indexPath, out string why)
    {
        Region? source = null, index = null;
        try
        {
            source = Mapping.Of(file.SafeFileHandle);
            index = Mapping.Of(indexFile);
            var store = new MappedVectorStore(header, file, path, source, index, indexPath);
            why = store.Validate(header.BodyHash);
            if (why.Length == 0) return store;
            store.Unmap();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            source?.Dispose();
            index?.Dispose();
            throw new Word2VecException($"cannot map {path} with its index {indexPath}: {e.Message}", e);
        }
    }

    /// <summary>"" when the index is whole (its sections' hash), holds together and matches a sample of the file;
    /// otherwise what is wrong.</summary>
    private string Validate(byte[] bodyHash)
    {
        if (!VectorIndex.BodyHash(_index.Pointer, _index.Length).AsSpan().SequenceEqual(bodyHash)) return "is damaged (its sections' checksum differs)";
        if (_source.Length != _sourceLength) return "belongs to another file (or to this file before it changed)";
        if (ReadHeader() is not long declared || declared != Count) return "does not match the file (its header)";
        long rowBytes = 4L * Size;
        for (int i = 0; i < Count; i++)
        {
            long at = _rowOffsets[i];
            if (at < 4 || at + rowBytes > _sourceLength || (i > 0 && at < _rowOffsets[i - 1] + rowBytes + 1)) return "is damaged (its row offsets are out of order)";
        }
        long poolBytes = _wordOffsets[Count];
        if (_wordOffsets[0] != 0 || poolBytes != _index.Length - (_pool - _index.Pointer)) return "is damaged (its word offsets do not add up)";
        for (int i = 0; i < Count; i++)
            if (_wordOffsets[i + 1] < _wordOffsets[i] || _wordOffsets[i + 1] - _wordOffsets[i] > VectorFileReader.MaxWordBytes) return "is damaged (its word offsets are out of order)";
        // Words as the parser reads them: no space in them, none starting with a line break.
        if (new ReadOnlySpan<byte>(_pool, (int)Math.Min(int.MaxValue, poolBytes)).Contains((byte)' ')) return "is damaged (a word holds a space)";
        for (int i = 0; i < Count; i++)
            if (_wordOffsets[i + 1] > _wordOffsets[i] && _pool[_wordOffsets[i]] is (byte)'\n' or (byte)'\r') return "is damaged (a word starts with a line break)";
        for (int k = 0; k < SampleRows; k++)
        {
            int i = (int)((long)(Count - 1) * k / (SampleRows - 1));
            if (!InFile(i, PoolWord(i))) return $"does not match the file (word {i + 1})";
            if (BitConverter.SingleToInt32Bits(UnitLength.Length(Row(i))) != BitConverter.SingleToInt32Bits(_norms[i]))
                return $"does not match the file (the length of row {i + 1})";
        }
        return "";
    }

    /// <summary>
    /// True when the file holds <paramref name="word"/> as the word of row <paramref name="i"/>, as the loader's parser
    /// reads it: after the previous row (or the header line) and nothing but line breaks, the word's bytes, one space,
    /// then the row. Every word the store hands out or finds is checked so (one page of the file), so an index that
    /// was edited, even with its checksums made to agree, cannot give a word another word's row.
    /// </summary>
    private bool InFile(int i, ReadOnlySpan<byte> word)
    {
        long at = _rowOffsets[i], start = at - 1 - word.Length;
        long previousEnd = i == 0 ? _firstWordAt : _rowOffsets[i - 1] + 4L * Size;
        byte* f = _source.Pointer;
        if (start < previousEnd || f[at - 1] != ' ' || !new ReadOnlySpan<byte>(f + start, word.Length).SequenceEqual(word)) return false;
        if (i > 0 && _rowsApart && start == previousEnd) return false; // the previous row ends where a row ends
        for (long k = previousEnd; k < start; k++)
            if (f[k] is not ((byte)'\n' or (byte)'\r')) return false;
        return true;
    }

    /// <summary>The word count the file's first line declares (and where its first word may start), as the parser
    /// reads it: two numbers after blanks or line breaks, then blanks and a line break; null where it is not that.</summary>
    private long? ReadHeader()
    {
        byte* f = _source.Pointer;
        long n = _source.Length, at = 0, words = 0;
        for (int k = 0; k < 2; k++)
        {
            while (at < n && f[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') at++;
            if (at < n && f[at] == '+') at++;
            int digits = 0;
            for (long v = 0; at < n && f[at] is >= (byte)'0' and <= (byte)'9' && digits < 18; at++, digits++)
            {
                v = v * 10 + (f[at] - '0');
                if (k == 0) words = v;
            }
            if (digits == 0) return null;
        }
        while (at < n && f[at] is (byte)' ' or (byte)'\t' or (byte)'\r') at++;
        if (at >= n || f[at] != '\n') return null;
        _firstWordAt = at + 1;
        return words;
    }

    private ReadOnlySpan<byte> PoolWord(int index) =>
        new(_pool + _wordOffsets[index], (int)(_wordOffsets[index + 1] - _wordOffsets[index]));

    private ReadOnlySpan<byte> Checked(int index, ReadOnlySpan<byte> word)
    {
        if (!InFile(index, word))
        {
            Throw.Input(_indexPath == null
                ? $"the index of {_name} held in memory does not match the file (word {index + 1}); it changed while in use"
                : $"the index {_indexPath} does not match {_name} (word {index + 1}); delete it to have it written again");
        }
        return word;
    }

    public override bool Normalized => false;

    public override bool Mapped => true;

    public override ReadOnlySpan<byte> WordBytes(int index) => Checked(index, PoolWord(index));

    public override int IndexOf(ReadOnlySpan<byte> word)
    {
        int slot = (int)(WordHash.Compute(word) & (uint)_mask);
        for (int probe = 0; probe <= _mask; probe++)
        {
            int i = _table[slot];
            if (i < 0) return -1;
            if ((uint)i >= (uint)Count) Throw.Input($"the index {IndexName} is damaged (its lookup table); delete it to have it written again");
            var candidate = PoolWord(i);
            if (candidate.SequenceEqual(word))
            {
                Checked(i, candidate);
                return i;
            }
            slot = (slot + 1) & _mask;
        }
        return -1;
    }

    public override ReadOnlySpan<float> Row(int index) => new(_source.Pointer + _rowOffsets[index], Size);

    /// <summary>A copy of the row: memory outlives the mapping (it may be kept, awaited across, read after the vectors
    /// are disposed), which memory over the mapping could not do safely; a copy costs a row's allocation, about what the
    /// first read of its mapped page costs.</summary>
    public override ReadOnlyMemory<float> RowMemory(int index) => Row(index).ToArray();

    public override bool TryGetMatrix(out ReadOnlySpan<float> matrix)
    {
        matrix = default;
        return false;
    }

    public override float Norm(int index) => _norms[index];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Score(int from, ReadOnlySpan<float> query, Span<float> destination)
    {
        int size = Size, n = destination.Length;
        long rowBytes = 4L * size;
        long* offsets = _rowOffsets + from;
        float* norms = _norms + from;
        // Rows in blocks of up to BlockBytes of the file (one row at least), each block read once.
        int capacity = (int)Math.Max(BlockBytes, rowBytes);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(capacity);
        try
        {
            fixed (byte* b = buffer)
            fixed (float* q = query)
            {
                for (int r = 0; r < n;)
                {
                    long first = offsets[r];
                    int end = r + 1;
                    while (end < n && offsets[end] + rowBytes - first <= capacity) end++;
                    ReadExactly(buffer.AsSpan(0, (int)(offsets[end - 1] + rowBytes - first)), first);
                    for (; r < end; r++) destination[r] = SimdMath.Dot((float*)(b + (offsets[r] - first)), q, size) / norms[r];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private const int BlockBytes = 1 << 20;

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (destination.Length > 0)
        {
            int got = RandomAccess.Read(_reader, destination, offset);
            if (got <= 0) Throw.Input($"{_name} is shorter than when it was opened (it was changed while in use)");
            destination = destination[got..];
            offset += got;
        }
    }

    /// <summary>
    /// A hold on the mappings and the file for one query. Once <see cref="Dispose"/> has marked the store, no lease is
    /// granted (<see cref="ObjectDisposedException"/>), except to a thread that already holds one on this store: a
    /// query running when the store is disposed finishes, whatever it calls inside, and the last lease released
    /// unmaps. The mark and the count are one word changed atomically, so a lease is granted either before
    /// <see cref="Dispose"/> marks the store (and holds the memory until released) or not at all.
    /// </summary>
    public override Lease Acquire()
    {
        if (t_leased == this)
        {
            t_nested++; // the outer lease, on this thread, holds the memory until the inner ones are released
            return new Lease(this);
        }
        for (int holds = Volatile.Read(ref _holds); ;)
        {
            if ((holds & Disposed) != 0) throw DisposedError();
            int seen = Interlocked.CompareExchange(ref _holds, holds + 1, holds);
            if (seen == holds) break;
            holds = seen;
        }
        t_leased ??= this;
        return new Lease(this);
    }

    internal void Release()
    {
        if (t_leased == this)
        {
            if (t_nested > 0)
            {
                t_nested--;
                return;
            }
            t_leased = null;
        }
        LetGo();
    }

    private void LetGo()
    {
        if (Interlocked.Decrement(ref _holds) == Disposed) Unmap(closeFile: true);
    }

    /// <summary>Marks the store disposed (no lease is granted afterwards) and gives up its own hold: the memory is
    /// unmapped now, or when the last query running ends.</summary>
    public override void Dispose()
    {
        for (int holds = Volatile.Read(ref _holds); ;)
        {
            if ((holds & Disposed) != 0) return;
            int seen = Interlocked.CompareExchange(ref _holds, holds | Disposed, holds);
            if (seen == holds) break;
            holds = seen;
        }
        LetGo();
    }

    /// <summary>Releases the mappings (and the file, with <paramref name="closeFile"/>; a store that failed
    /// validation leaves it open for the next attempt).</summary>
    private void Unmap(bool closeFile = false)
    {
        _source.Dispose();
        _index.Dispose();
        if (closeFile) _file.Dispose();
    }

    private static ObjectDisposedException DisposedError() => new(nameof(WordVectors), "the memory-mapped vectors have been disposed");

    /// <summary>Memory the store reads through: its first byte's address, valid until disposed (the store disposes
    /// it when its last lease is released).</summary>
    private abstract class Region : IDisposable
    {
        public byte* Pointer { get; protected init; }

        public long Length { get; protected init; }

        public abstract void Dispose();
    }

    /// <summary>A read-only mapping of a whole file.</summary>
    private sealed class Mapping : Region
    {
        private readonly MemoryMappedFile _file;
        private readonly MemoryMappedViewAccessor _view;

        private Mapping(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
        {
            _file = file;
            _view = view;
            byte* p = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
            Pointer = p + view.PointerOffset;
            Length = length;
        }

        /// <summary>Maps the file open at <paramref name="handle"/>, which stays open (and the caller's).</summary>
        public static Mapping Of(SafeFileHandle handle)
        {
            long length = RandomAccess.GetLength(handle);
            var file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
            try
            {
                return new Mapping(file, file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read), length);
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        public override void Dispose()
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file.Dispose();
        }
    }

    /// <summary>A block of native memory (freed by the finalizer too, where the store is never disposed).</summary>
    private sealed class NativeRegion : Region
    {
        private readonly NativeBlock _block;

        public NativeRegion(long length)
        {
            _block = new NativeBlock(length);
            Pointer = (byte*)_block.DangerousGetHandle();
            Length = length;
        }

        public override void Dispose() => _block.Dispose();

        private sealed class NativeBlock : SafeHandle
        {
            public NativeBlock(long length) : base(IntPtr.Zero, ownsHandle: true) => SetHandle((IntPtr)NativeMemory.Alloc((nuint)length));

            public override bool IsInvalid => handle == IntPtr.Zero;

            protected override bool ReleaseHandle()
            {
                NativeMemory.Free((void*)handle);
                return true;
            }
        }
    }
}
