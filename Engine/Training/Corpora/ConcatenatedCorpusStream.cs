using Microsoft.Win32.SafeHandles;

namespace Word2VecNative.Training;

/// <summary>
/// Several files read as one seekable stream, as training reads a corpus made of several parts: each part is read in
/// place at its own offset (no copy), and a part whose last byte is not a newline is followed by one, so that a word
/// never joins across files and each file ends a sentence. The lengths are those the parts had when the corpus was
/// prepared; a part that is shorter now is an <see cref="IOException"/>.
/// </summary>
internal sealed class ConcatenatedCorpusStream : Stream
{
    private readonly SafeFileHandle?[] _handles; // null: the newline put between two parts
    private readonly long[] _starts; // _starts[i]: offset of segment i; _starts[^1]: the length
    private readonly string[] _names;
    private long _position;

    /// <summary>A segment of the view: a file of <paramref name="Length"/> bytes, or (<paramref name="Path"/> null)
    /// one newline.</summary>
    public readonly record struct Segment(string? Path, long Length);

    public ConcatenatedCorpusStream(IReadOnlyList<Segment> segments)
    {
        _handles = new SafeFileHandle?[segments.Count];
        _starts = new long[segments.Count + 1];
        _names = new string[segments.Count];
        try
        {
            for (int i = 0; i < segments.Count; i++)
            {
                var s = segments[i];
                _names[i] = s.Path ?? "";
                if (s.Path != null) _handles[i] = File.OpenHandle(s.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                _starts[i + 1] = _starts[i] + s.Length;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public override int Read(Span<byte> buffer)
    {
        long length = _starts[^1];
        if (buffer.IsEmpty || _position >= length) return 0;
        int i = Array.BinarySearch(_starts, _position);
        if (i < 0) i = ~i - 1;
        while (_starts[i + 1] == _starts[i]) i++; // empty segments
        long inSegment = _position - _starts[i];
        int want = (int)Math.Min(buffer.Length, _starts[i + 1] - _position);
        int n;
        if (_handles[i] is { } handle)
        {
            n = RandomAccess.Read(handle, buffer[..want], inSegment);
            if (n <= 0) throw new IOException($"{_names[i]} is shorter than when training started");
        }
        else
        {
            buffer[0] = (byte)'\n';
            n = 1;
        }
        _position += n;
        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => _starts[^1];

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => Length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var h in _handles) h?.Dispose();
        }
        base.Dispose(disposing);
    }
}
