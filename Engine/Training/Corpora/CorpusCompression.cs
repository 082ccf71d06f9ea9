using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;

namespace Word2VecNative.Training;

/// <summary>How a corpus file is compressed, told by its first bytes (never by its name), as gensim's LineSentence
/// reads .gz and .bz2 files transparently.</summary>
internal enum CorpusCompression
{
    /// <summary>Plain text.</summary>
    None,

    /// <summary>gzip (<c>1F 8B 08</c>); members one after another are read as one stream.</summary>
    GZip,

    /// <summary>bzip2 (<c>BZh</c>, a block size 1-9, then a block's or the end's magic); concatenated streams are read.</summary>
    BZip2,

    /// <summary>xz (<c>FD 37 7A 58 5A 00</c>); concatenated streams and stream padding are read, as xz(1) does.</summary>
    Xz,

    /// <summary>Zstandard (<c>28 B5 2F FD</c>); frames one after another are read.</summary>
    Zstd,
}

/// <summary>Telling and decoding the compressed corpus formats.</summary>
internal static class CorpusDecoder
{
    /// <summary>Bytes <see cref="Detect"/> looks at.</summary>
    public const int MagicLength = 10;

    /// <summary>The compression whose magic bytes <paramref name="head"/> (the first <see cref="MagicLength"/> bytes
    /// of the file, fewer if it is shorter) starts with; <see cref="CorpusCompression.None"/> for anything else.</summary>
    public static CorpusCompression Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B, 0x08])) return CorpusCompression.GZip;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00])) return CorpusCompression.Xz;
        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD])) return CorpusCompression.Zstd;
        if (head.Length >= 10 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9'
            && (head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x31, 0x41, 0x59, 0x26, 0x53, 0x59])
                || head[4..10].SequenceEqual((ReadOnlySpan<byte>)[0x17, 0x72, 0x45, 0x38, 0x50, 0x90])))
            return CorpusCompression.BZip2;
        return CorpusCompression.None;
    }

    /// <summary>The name of a format in messages.</summary>
    public static string Describe(CorpusCompression c) => c switch
    {
        CorpusCompression.GZip => "gzip",
        CorpusCompression.BZip2 => "bzip2",
        CorpusCompression.Xz => "xz",
        CorpusCompression.Zstd => "zstd",
        _ => "plain",
    };

    /// <summary>The decoded bytes of <paramref name="input"/>, compressed as <paramref name="compression"/>. Corrupt or
    /// truncated data throws from a read (with whatever exception the decoder raises).</summary>
    public static Stream Open(ProbedStream input, CorpusCompression compression) => compression switch
    {
        CorpusCompression.GZip => new CheckedGZipStream(input),
        CorpusCompression.BZip2 => BZip2Stream.Create(input, SharpCompress.Compressors.CompressionMode.Decompress,
            decompressConcatenated: true, leaveOpen: true, tolerateTruncatedStream: false),
        CorpusCompression.Xz => new XzStreams(input),
        CorpusCompression.Zstd => new DecompressionStream(input, 1 << 17, checkEndOfStream: true, leaveOpen: true),
        _ => input,
    };

    /// <summary>gzip members one after another (.NET's decoder reads them all), with the end checked: .NET's decoder
    /// ends silently where the data is cut off, so the last member's trailer must hold the length of the bytes decoded
    /// since a member can have started (a read returns at the end of each member).</summary>
    private sealed class CheckedGZipStream(ProbedStream input) : ReadOnlyStream
    {
        private readonly GZipStream _gzip = new(input, CompressionMode.Decompress, leaveOpen: true);
        private readonly HashSet<uint> _memberStarts = [0];
        private long _decoded;
        private bool _checked;

        public override int Read(Span<byte> buffer)
        {
            int n = _gzip.Read(buffer);
            if (n > 0)
            {
                _decoded += n;
                _memberStarts.Add((uint)_decoded);
                return n;
            }
            if (!_checked && buffer.Length > 0)
            {
                var trailer = input.LastBytes;
                uint size = trailer.Length == 8 ? BitConverter.ToUInt32(trailer[4..]) : 0;
                if (trailer.Length < 8 || input.Position < 18 || !_memberStarts.Contains((uint)_decoded - size))
                    throw new InvalidDataException("unexpected end of data");
                _checked = true;
            }
            return 0;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _gzip.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>xz streams one after another, with the stream padding (zero bytes) between them; anything else after a
    /// stream is corrupt, as for xz(1). SharpCompress's decoder stops at the end of the first stream.</summary>
    private sealed class XzStreams(ProbedStream input) : ReadOnlyStream
    {
        private XZStream? _current = new(input);

        public override int Read(Span<byte> buffer)
        {
            while (_current != null && buffer.Length > 0)
            {
                int n = _current.Read(buffer);
                if (n > 0) return n;
                _current = null;
                while (input.Peek(1) is [0]) input.ReadByte();
                var next = input.Peek(6);
                if (next.IsEmpty) break;
                if (Detect(next) != CorpusCompression.Xz) throw new InvalidDataException("data after the end of the xz stream");
                _current = new XZStream(input);
            }
            return 0;
        }
    }
}

/// <summary>A forward-only read-only stream: subclasses implement <see cref="Stream.Read(Span{byte})"/>.</summary>
internal abstract class ReadOnlyStream : Stream
{
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public override abstract int Read(Span<byte> buffer);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
