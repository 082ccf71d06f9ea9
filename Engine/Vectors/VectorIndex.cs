using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>
/// The index that lets <see cref="MappedVectorStore"/> use a binary vectors file in place: a file of ours beside it,
/// written once, mapped on every open. Version 1, little-endian, every section starting at a multiple of 64 bytes:
/// <code>
/// header (256 bytes)
///   0  "W2VNIDX\n"            magic
///   8  u32 version (1)        12 u32 header bytes (256)
///   16 i64 source length      24 i64 source last write time (UTC ticks)
///   32 SHA-256 of the source sample (see <see cref="SourceIdentity"/>)
///   64 i32 words              68 i32 size (floats per row)
///   72 i32 table slots        76 i32 reserved (0)
///   80 i64 pool bytes         88.. i64 offsets of the sections below, then the index's length
///   136 SHA-256 of the sections (bytes 256 to the end)
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
    public const uint Version = 1;
    public const int HeaderBytes = 256;
    private const int ChecksumAt = 224;
    private static ReadOnlySpan<byte> Magic => "W2VNIDX\n"u8;

    /// <summary>The header's fields.</summary>
    internal readonly record struct Header(SourceIdentity Source, int Words, int Size, int Slots, long PoolBytes, byte[] BodyHash)
    {
        public long NormsAt => HeaderBytes;
        public long RowOffsetsAt => Align(NormsAt + 4L * Words);
        public long WordOffsetsAt => Align(RowOffsetsAt + 8L * Words);
        public long TableAt => Align(WordOffsetsAt + 8L * (Words + 1));
        public long PoolAt => Align(TableAt + 4L * Slots);
        public long Length => PoolAt + PoolBytes;

        private static long Align(long at) => (at + 63) & ~63L;
    }

    /// <summary>What is found at an index path.</summary>
    internal enum State { Valid, Missing, Stale, Damaged, Foreign }

    /// <summary>Reads and checks the header at <paramref name="path"/> against the source: <see cref="State.Valid"/> with
    /// the header, or why not (<paramref name="why"/> completes "the index ...").</summary>
    public static State Check(string path, SourceIdentity source, out Header header, out string why)
    {
        header = default;
        why = "";
        byte[] bytes;
        long length;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            length = fs.Length;
            bytes = new byte[(int)Math.Min(length, HeaderBytes)];
            fs.ReadExactly(bytes);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            why = "does not exist";
            return State.Missing;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"ERROR: cannot read the index {path}: {e.Message}", e);
        }
        var b = bytes.AsSpan();
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
        var stored = new SourceIdentity(BinaryPrimitives.ReadInt64LittleEndian(b[16..]), BinaryPrimitives.ReadInt64LittleEndian(b[24..]), b[32..64].ToArray());
        header = new Header(stored, BinaryPrimitives.ReadInt32LittleEndian(b[64..]), BinaryPrimitives.ReadInt32LittleEndian(b[68..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[72..]), BinaryPrimitives.ReadInt64LittleEndian(b[80..]), b[136..168].ToArray());
        if (!stored.Equals(source))
        {
            why = stored.Length != source.Length || !stored.Sample.AsSpan().SequenceEqual(source.Sample)
                ? "belongs to another file (or to this file before it changed)"
                : "is older or newer than the file (its modification time differs)";
            return State.Stale;
        }
        var h = header;
        bool sane = h.Words >= 1 && h.Size >= 1 && h.Size <= VectorFileReader.MaxSize && h.Slots > h.Words && BitOperations.IsPow2(h.Slots)
            && h.PoolBytes >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(b[12..]) == HeaderBytes
            && BinaryPrimitives.ReadInt64LittleEndian(b[88..]) == h.NormsAt && BinaryPrimitives.ReadInt64LittleEndian(b[96..]) == h.RowOffsetsAt
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

    /// <summary>Parses the binary vectors file <paramref name="source"/> (one sequential pass, with the in-memory
    /// loader's checks) and writes its index to <paramref name="path"/>, replacing any old one atomically.</summary>
    public static void Build(FileStream source, string name, SourceIdentity identity, string path)
    {
        source.Position = 0;
        var sink = new IndexSink(name);
        VectorFileReader.Read(source, VectorFileFormat.Auto, name, 0, sink);
        var table = sink.Table();
        var header = new Header(identity, sink.Words, sink.Size, table.Length, sink.PoolBytes, []);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        WriteBody(null);
        header = header with { BodyHash = hash.GetHashAndReset() };
        OutputFile.Write(path, s =>
        {
            var o = new BufferedStream(s, 1 << 20);
            o.Write(HeaderBytesOf(header));
            WriteBody(o);
            o.Flush();
        });

        // The sections after the header, in order, zero-padded to their offsets: hashed, or written.
        void WriteBody(Stream? o)
        {
            long at = HeaderBytes;
            var zeros = new byte[64];
            Section(MemoryMarshal.AsBytes(sink.Norms.AsSpan()), header.NormsAt);
            Section(MemoryMarshal.AsBytes(sink.RowOffsets.AsSpan()), header.RowOffsetsAt);
            Section(MemoryMarshal.AsBytes(sink.WordOffsets.AsSpan()), header.WordOffsetsAt);
            Section(MemoryMarshal.AsBytes(table.AsSpan()), header.TableAt);
            Section(sink.Pool.AsSpan(0, (int)sink.PoolBytes), header.PoolAt);

            void Section(ReadOnlySpan<byte> bytes, long start)
            {
                var pad = zeros.AsSpan(0, (int)(start - at));
                at = start + bytes.Length;
                if (o == null)
                {
                    hash.AppendData(pad);
                    hash.AppendData(bytes);
                }
                else
                {
                    o.Write(pad);
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
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), h.Source.LastWriteTicks);
        h.Source.Sample.CopyTo(b.AsSpan(32));
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(64), h.Words);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(68), h.Size);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(72), h.Slots);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(80), h.PoolBytes);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(88), h.NormsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(96), h.RowOffsetsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(104), h.WordOffsetsAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(112), h.TableAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(120), h.PoolAt);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(128), h.Length);
        h.BodyHash.CopyTo(b.AsSpan(136));
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

        public void Start(VectorFileFormat format, long words, int size, long rowsToAllocate)
        {
            if (format != VectorFileFormat.Binary)
                Throw.Input($"ERROR: {name} is a text vectors file; memory mapping needs the binary layout (load it, then save it with binary: true)");
            if (words >= 1 << 29) Throw.Input($"ERROR: {name}: {words} words are more than an index holds");
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
                if (PoolBytes + word.Length > Array.MaxLength) Throw.Input($"ERROR: {name}: the words exceed 2 GB, more than an index holds");
                var p = Pool;
                Array.Resize(ref p, (int)Math.Min(Array.MaxLength, Math.Max(PoolBytes + word.Length, 2L * p.Length)));
                Pool = p;
            }
            word.CopyTo(Pool.AsSpan((int)PoolBytes));
            WordOffsets[index] = PoolBytes;
            PoolBytes += word.Length;
            WordOffsets[index + 1] = PoolBytes;
            RowOffsets[index] = rowOffset;
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
/// What ties an index to its vectors file: the file's length, its last write time, and a SHA-256 of its length and a
/// sample of its bytes (the first and last 64 KB, and 32 blocks of 4 KB spread evenly between them: the header and
/// words and rows from every part of the file).
/// </summary>
internal sealed record SourceIdentity(long Length, long LastWriteTicks, byte[] Sample)
{
    private const int Edge = 64 << 10, Blocks = 32, BlockBytes = 4 << 10;

    public static SourceIdentity Of(SafeFileHandle file)
    {
        long length = RandomAccess.GetLength(file);
        long ticks = File.GetLastWriteTimeUtc(file).Ticks;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(len, length);
        sha.AppendData(len);
        var buf = new byte[Edge];
        Add(0, Edge);
        for (int k = 1; k <= Blocks; k++) Add(length * k / (Blocks + 1), BlockBytes);
        Add(Math.Max(0, length - Edge), Edge);
        return new SourceIdentity(length, ticks, sha.GetHashAndReset());

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
        other is not null && Length == other.Length && LastWriteTicks == other.LastWriteTicks && Sample.AsSpan().SequenceEqual(other.Sample);

    public override int GetHashCode() => HashCode.Combine(Length, LastWriteTicks);
}
