using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>
/// The index that lets <see cref="MappedVectorStore"/> use a binary vectors file in place: a file of ours beside it,
/// written once, mapped on every open (or held in memory where it cannot be written). Version 2, little-endian, every
/// section starting at a multiple of 64 bytes:
/// <code>
/// header (256 bytes)
///   0  "W2VNIDX\n"            magic
///   8  u32 version (2)        12 u32 header bytes (256)
///   16 i64 source length      24 i64 source modification time (ns since 1970)
///   32 SHA-256 of the source sample (see <see cref="SourceIdentity"/>)
///   64 i32 words              68 i32 size (floats per row)
///   72 i32 table slots        76 u32 flags: 1 = a line break between every two rows in the source
///   80 i64 pool bytes         88.. i64 offsets of the sections below, then the index's length
///   136 SHA-256 of the sections (bytes 256 to the end)
///   168 u64 source device     176 u64 source inode      184 i64 source change time (ns since 1970)
///   192 reserved (0)
///   224 SHA-256 of bytes 0-223
/// norms         f32[words]      each row's C length (float sum of squares in order, square root)
/// row offsets   i64[words]      where each row's first float lies in the source
/// word offsets  i64[words + 1]  where each word starts in the pool, then the pool's length
/// table         i32[slots]      open addressing on <see cref="WordHash"/>, linear probing, -1 empty; a word's first row
/// pool          u8[...]         the words' bytes back to back
/// </code>
/// The words, norms and offsets come from the same parser as the in-memory loader's, so a mapped file answers as
/// the loaded one does. A change to this layout or to <see cref="WordHash"/> must raise <see cref="Version"/>.
/// </summary>
internal static class VectorIndex
{
    public const uint Version = 2;
    public const int HeaderBytes = 256;
    private const int ChecksumAt = 224;
    private static ReadOnlySpan<byte> Magic => "W2VNIDX\n"u8;

    /// <summary>The header's fields.</summary>
    internal readonly record struct Header(SourceIdentity Source, int Words, int Size, int Slots, long PoolBytes, byte[] BodyHash, bool RowsApart = false)
    {
        public static long NormsAt => HeaderBytes;
        public long RowOffsetsAt => Align(NormsAt + 4L * Words);
        public long WordOffsetsAt => Align(RowOffsetsAt + 8L * Words);
        public long TableAt => Align(WordOffsetsAt + 8L * (Words + 1));
        public long PoolAt => Align(TableAt + 4L * Slots);
        public long Length => PoolAt + PoolBytes;

        private static long Align(long at) => (at + 63) & ~63L;
    }

    /// <summary>What is found at an index path.</summary>
    internal enum State { Valid, Missing, Stale, Damaged, Foreign, Untrusted }

    /// <summary>
    /// Opens the index at <paramref name="path"/> for reading as a cache of ours may be opened: never through a
    /// symbolic link at its name, never a FIFO, device or directory (each one clear error: it is left alone). Null
    /// where nothing is there; <paramref name="why"/> says why an index that is there cannot be used as it is
    /// (completing "the index ..."), and is empty where it may be.
    /// <para>The trust rule: the index must be owned by this process's user, by the vectors file's owner or by root,
    /// and open to nobody beyond those the vectors file is open to: its group and other permission bits within the
    /// vectors file's (within its other bits where the two files' groups differ). Anyone it trusts could change the
    /// vectors file itself, and nobody reads the index who may not read the vectors file.</para>
    /// </summary>
    public static SafeFileHandle? OpenExisting(string path, FileStatus? source, out string why)
    {
        why = "";
        SafeFileHandle? handle;
        try
        {
            handle = FileStatus.OpenRegular(path, followLinks: false);
        }
        catch (NotAFileException e)
        {
            throw new Word2VecException($"{path} {e.Message}, not an index file; remove it or choose another index path", e);
        }
        catch (UnauthorizedAccessException)
        {
            why = "cannot be read by this user";
            return null;
        }
        catch (IOException e)
        {
            throw new Word2VecException($"cannot read the index {path}: {e.Message}", e);
        }
        if (handle == null || source is not FileStatus src || FileStatus.Of(handle) is not FileStatus st) return handle;
        uint? me = FileStatus.EffectiveUser();
        if (st.Owner != me && st.Owner != src.Owner && st.Owner != 0)
            why = $"is not trusted (it belongs to user {st.Owner}, not to this user or the vectors file's owner)";
        else if (!WithinSource(st, src))
            why = "is not trusted (others may read or write it who may not read or write the vectors file)";
        return handle;
    }

    /// <summary>True when the index's group and other permission bits allow nobody more than the vectors file's do.</summary>
    internal static bool WithinSource(FileStatus index, FileStatus source)
    {
        int mine = (int)index.Permissions, theirs = (int)source.Permissions;
        int others = theirs & 7, group = index.Group == source.Group ? (theirs >> 3) & 7 : others;
        return ((mine & 7) & ~others) == 0 && (((mine >> 3) & 7) & ~group) == 0;
    }

    /// <summary>Reads and checks the header of the index open at <paramref name="handle"/> against the source:
    /// <see cref="State.Valid"/> with the header, or why not (<paramref name="why"/> completes "the index ...").</summary>
    public static State Check(SafeFileHandle handle, string path, SourceIdentity source, out Header header, out string why)
    {
        byte[] bytes;
        long length;
        try
        {
            length = RandomAccess.GetLength(handle);
            bytes = new byte[(int)Math.Min(length, HeaderBytes)];
            int got = 0;
            while (got < bytes.Length)
            {
                int r = RandomAccess.Read(handle, bytes.AsSpan(got), got);
                if (r <= 0) break;
                got += r;
            }
            bytes = bytes[..got];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"cannot read the index {path}: {e.Message}", e);
        }
        return Check(bytes, length, source, out header, out why);
    }

    /// <summary>Checks an index's first bytes (up to <see cref="HeaderBytes"/>) and its length against the source.</summary>
    public static State Check(ReadOnlySpan<byte> bytes, long length, SourceIdentity source, out Header header, out string why)
    {
        header = default;
        why = "";
        var b = bytes;
        if (!b[..Math.Min(b.Length, Magic.Length)].SequenceEqual(Magic[..Math.Min(b.Length, Magic.Length)]))
        {
            why = "is not a word-vectors index";
            return State.Foreign;
        }
        if (b.Length < HeaderBytes)
        {
            why = "is cut short";
            return State.Damaged;
        }
        if (!SHA256.HashData(b[..ChecksumAt]).AsSpan().SequenceEqual(b[ChecksumAt..HeaderBytes]))
        {
            why = "has a damaged header";
            return State.Damaged;
        }
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        if (version != Version)
        {
            why = $"has version {version}, this library reads version {Version}";
            return State.Stale;
        }
        var stored = new SourceIdentity(BinaryPrimitives.ReadInt64LittleEndian(b[16..]), BinaryPrimitives.ReadInt64LittleEndian(b[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[184..]), BinaryPrimitives.ReadUInt64LittleEndian(b[168..]), BinaryPrimitives.ReadUInt64LittleEndian(b[176..]), b[32..64].ToArray());
        header = new Header(stored, BinaryPrimitives.ReadInt32LittleEndian(b[64..]), BinaryPrimitives.ReadInt32LittleEndian(b[68..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[72..]), BinaryPrimitives.ReadInt64LittleEndian(b[80..]), b[136..168].ToArray(),
            (BinaryPrimitives.ReadUInt32LittleEndian(b[76..]) & 1) != 0);
        if (!stored.Equals(source))
        {
            why = stored.Length != source.Length || !stored.Sample.AsSpan().SequenceEqual(source.Sample)
                ? "belongs to another file (or to this file before it changed)"
                : stored.ModifiedNs != source.ModifiedNs
                    ? "is older or newer than the file (its modification time differs)"
                    : "was written for another copy of the file or before the file last changed (its device, inode or change time differs)";
            return State.Stale;
        }
        var h = header;
        bool sane = h.Words >= 1 && h.Size >= 1 && h.Size <= VectorFileReader.MaxSize && h.Slots > h.Words && BitOperations.IsPow2(h.Slots)
            && h.PoolBytes >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(b[12..]) == HeaderBytes
            && BinaryPrimitives.ReadInt64LittleEndian(b[88..]) == Header.NormsAt && BinaryPrimitives.ReadInt64LittleEndian(b[96..]) == h.RowOffsetsAt
            && BinaryPrimitives.ReadInt64LittleEndian(b[104..]) == h.WordOffsetsAt && BinaryPrimitives.ReadInt64LittleEndian(b[112..]) == h.TableAt
            && BinaryPrimitives.ReadInt64LittleEndian(b[120..]) == h.PoolAt && BinaryPrimitives.ReadInt64LittleEndian(b[128..]) == h.Length
            && length == h.Length;
        if (!sane)
        {
            why = "is damaged (its sections do not add up)";
            return State.Damaged;
        }
        return State.Valid;
    }

    /// <summary>An index built in memory, ready to be written out.</summary>
    internal sealed class Built(Header header, Action<Stream> write)
    {
        public Header Header { get; } = header;

        /// <summary>Writes the whole index (header and sections).</summary>
        public void WriteTo(Stream output) => write(output);
    }

    /// <summary>Parses the binary vectors file <paramref name="source"/> (one sequential pass, with the in-memory
    /// loader's checks) into an index.</summary>
    public static Built Build(FileStream source, string name, SourceIdentity identity)
    {
        source.Position = 0;
        var sink = new IndexSink(name);
        VectorFileReader.Read(source, VectorFileFormat.Auto, name, 0, sink);
        var table = sink.Table();
        var header = new Header(identity, sink.Words, sink.Size, table.Length, sink.PoolBytes, [], sink.Words > 1 && sink.RowsApart);
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            WriteBody(null, hash);
            header = header with { BodyHash = hash.GetHashAndReset() };
        }
        return new Built(header, s =>
        {
            var o = new BufferedStream(s, 1 << 20);
            o.Write(HeaderBytesOf(header));
            WriteBody(o, null);
            o.Flush();
        });

        // The sections after the header, in order, zero-padded to their offsets: hashed, or written.
        void WriteBody(Stream? o, IncrementalHash? hash)
        {
            long at = HeaderBytes;
            var zeros = new byte[64];
            Section(MemoryMarshal.AsBytes(sink.Norms.AsSpan()), Header.NormsAt);
            Section(MemoryMarshal.AsBytes(sink.RowOffsets.AsSpan()), header.RowOffsetsAt);
            Section(MemoryMarshal.AsBytes(sink.WordOffsets.AsSpan()), header.WordOffsetsAt);
            Section(MemoryMarshal.AsBytes(table.AsSpan()), header.TableAt);
            Section(sink.Pool.AsSpan(0, (int)sink.PoolBytes), header.PoolAt);

            void Section(ReadOnlySpan<byte> bytes, long start)
            {
                var pad = zeros.AsSpan(0, (int)(start - at));
                at = start + bytes.Length;
                if (hash != null)
                {
                    hash.AppendData(pad);
                    hash.AppendData(bytes);
                }
                else
                {
                    o!.Write(pad);
                    o.Write(bytes);
                }
            }
        }
    }

    /// <summary>The SHA-256 of an index's sections, as mapped.</summary>
    public static unsafe byte[] BodyHash(byte* index, long length)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long at = HeaderBytes; at < length; at += 1 << 30)
            hash.AppendData(new ReadOnlySpan<byte>(index + at, (int)Math.Min(1 << 30, length - at)));
        return hash.GetHashAndReset();
    }

    private static byte[] HeaderBytesOf(Header h)
    {
        var b = new byte[HeaderBytes];
        Magic.CopyTo(b);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), Version);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), HeaderBytes);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(16), h.Source.Length);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), h.Source.ModifiedNs);
        h.Source.Sample.CopyTo(b.AsSpan(32));
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(64), h.Words);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(68), h.Size);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(72), h.Slots);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(76), h.RowsApart ? 1u : 0u);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(80), h.PoolBytes);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(88), Header.NormsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(96), h.RowOffsetsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(104), h.WordOffsetsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(112), h.TableAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(120), h.PoolAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(128), h.Length);
        h.BodyHash.CopyTo(b.AsSpan(136));
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(168), h.Source.Device);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(176), h.Source.Inode);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(184), h.Source.ChangedNs);
        SHA256.HashData(b.AsSpan(0, ChecksumAt), b.AsSpan(ChecksumAt));
        return b;
    }

    /// <summary>Collects words, row offsets and row lengths as the file is parsed; rows pass through a small block.</summary>
    private sealed class IndexSink(string name) : VectorFileReader.IEntrySink
    {
        private const int Block = 64;
        private float[] _block = [];
        private long _blockStart;

        public int Words { get; private set; }
        public int Size { get; private set; }
        public float[] Norms { get; private set; } = [];
        public long[] RowOffsets { get; private set; } = [];
        public long[] WordOffsets { get; private set; } = [];
        public byte[] Pool { get; private set; } = new byte[1 << 16];
        public long PoolBytes { get; private set; }

        /// <summary>True while every word has come after at least one line break following the previous row.</summary>
        public bool RowsApart { get; private set; } = true;

        public void Start(VectorFileFormat format, long words, int size, long rowsToAllocate)
        {
            if (format != VectorFileFormat.Binary)
                Throw.Input($"{name} is a text vectors file; memory mapping needs the binary layout (load it, then save it with binary: true)");
            if (words >= 1 << 29) Throw.Input($"{name}: {words} words are more than an index holds");
            Words = (int)words;
            Size = size;
            Norms = new float[words];
            RowOffsets = new long[words];
            WordOffsets = new long[words + 1];
            _block = new float[Block * size];
        }

        public Span<float> Entry(long index, ReadOnlySpan<byte> word, long rowOffset)
        {
            if (PoolBytes + word.Length > Pool.Length)
            {
                if (PoolBytes + word.Length > Array.MaxLength) Throw.Input($"{name}: the words exceed 2 GB, more than an index holds");
                var p = Pool;
                Array.Resize(ref p, (int)Math.Min(Array.MaxLength, Math.Max(PoolBytes + word.Length, 2L * p.Length)));
                Pool = p;
            }
            word.CopyTo(Pool.AsSpan((int)PoolBytes));
            WordOffsets[index] = PoolBytes;
            PoolBytes += word.Length;
            WordOffsets[index + 1] = PoolBytes;
            RowOffsets[index] = rowOffset;
            if (index > 0 && rowOffset - 1 - word.Length == RowOffsets[index - 1] + 4L * Size) RowsApart = false;
            if (index % Block == 0) _blockStart = index;
            return _block.AsSpan((int)(index - _blockStart) * Size, Size);
        }

        public void Filled(long index)
        {
            int rows = (int)(index - _blockStart) + 1;
            if (rows == Block || index == Words - 1)
                UnitLength.Lengths(_block.AsSpan(0, rows * Size), Size, Norms.AsSpan((int)_blockStart, rows));
        }

        /// <summary>The lookup table: each word's first row, at up to half load.</summary>
        public int[] Table()
        {
            int slots = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, 2 * Words));
            var table = new int[slots];
            table.AsSpan().Fill(-1);
            int mask = slots - 1;
            for (int i = 0; i < Words; i++)
            {
                var w = Pool.AsSpan((int)WordOffsets[i], (int)(WordOffsets[i + 1] - WordOffsets[i]));
                int slot = (int)(WordHash.Compute(w) & (uint)mask);
                bool seen = false;
                while (table[slot] >= 0)
                {
                    int j = table[slot];
                    if (Pool.AsSpan((int)WordOffsets[j], (int)(WordOffsets[j + 1] - WordOffsets[j])).SequenceEqual(w))
                    {
                        seen = true;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
                if (!seen) table[slot] = i;
            }
            return table;
        }
    }
}

/// <summary>
/// What ties an index to one version of its vectors file: the file's device and inode, its length, its modification
/// and change times (nanoseconds; the change time is set by the system on every write, rename or <c>touch</c>, and no
/// call sets it to a chosen value), and a SHA-256 of its length and a sample of its bytes (the first and last 64 KB,
/// and 32 blocks of 4 KB spread evenly between them: the header and words and rows from every part of the file).
/// Device, inode and change time are 0 where the system does not tell them (elsewhere than Linux).
/// </summary>
internal sealed record SourceIdentity(long Length, long ModifiedNs, long ChangedNs, ulong Device, ulong Inode, byte[] Sample)
{
    private const int Edge = 64 << 10, Blocks = 32, BlockBytes = 4 << 10;

    public static SourceIdentity Of(SafeFileHandle file)
    {
        long length = RandomAccess.GetLength(file);
        var st = FileStatus.Of(file);
        long modified = st?.ModifiedNs ?? (File.GetLastWriteTimeUtc(file) - DateTime.UnixEpoch).Ticks * 100;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(len, length);
        sha.AppendData(len);
        var buf = new byte[Edge];
        Add(0, Edge);
        for (int k = 1; k <= Blocks; k++) Add(length * k / (Blocks + 1), BlockBytes);
        Add(Math.Max(0, length - Edge), Edge);
        return new SourceIdentity(length, modified, st?.ChangedNs ?? 0, st?.Device ?? 0, st?.Inode ?? 0, sha.GetHashAndReset());

        void Add(long at, int bytes)
        {
            int n = (int)Math.Min(bytes, length - at);
            int got = 0;
            while (got < n)
            {
                int r = RandomAccess.Read(file, buf.AsSpan(got, n - got), at + got);
                if (r <= 0) break;
                got += r;
            }
            sha.AppendData(buf, 0, got);
        }
    }

    public bool Equals(SourceIdentity? other) =>
        other is not null && Length == other.Length && ModifiedNs == other.ModifiedNs && ChangedNs == other.ChangedNs
        && Device == other.Device && Inode == other.Inode && Sample.AsSpan().SequenceEqual(other.Sample);

    public override int GetHashCode() => HashCode.Combine(Length, ModifiedNs, ChangedNs, Inode);
}
