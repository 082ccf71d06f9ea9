namespace Word2VecNative.Training;

/// <summary>
/// A forward-only view of a compressed or streamed corpus that lets its first bytes be looked at before a decoder
/// takes them (<see cref="Peek"/>), counts the bytes handed out (<see cref="Position"/>, which the xz decoder asks
/// for), keeps the last eight (a gzip trailer), and remembers whether the stream under it failed, so that a read
/// error is not reported as corrupt data.
/// </summary>
internal sealed class ProbedStream(Stream inner) : Stream
{
    private readonly byte[] _peeked = new byte[16];
    private int _peekStart, _peekEnd;
    private long _position;
    private ulong _last8;
    private int _seen;

    /// <summary>True once a read of the stream under this one has thrown.</summary>
    public bool InnerFailed { get; private set; }

    /// <summary>The last (up to) eight bytes handed out, the last one in the lowest byte.</summary>
    public ReadOnlySpan<byte> LastBytes
    {
        get
        {
            var b = new byte[Math.Min(_seen, 8)];
            for (int i = 0; i < b.Length; i++) b[b.Length - 1 - i] = (byte)(_last8 >> (8 * i));
            return b;
        }
    }

    /// <summary>The next bytes (up to <paramref name="count"/>, at most 16; fewer at the end), not consumed.</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_peekStart > 0)
        {
            Array.Copy(_peeked, _peekStart, _peeked, 0, _peekEnd - _peekStart);
            _peekEnd -= _peekStart;
            _peekStart = 0;
        }
        while (_peekEnd < count)
        {
            int n = ReadInner(_peeked.AsSpan(_peekEnd, count - _peekEnd));
            if (n <= 0) break;
            _peekEnd += n;
        }
        return _peeked.AsSpan(0, Math.Min(count, _peekEnd));
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        int n;
        if (_peekStart < _peekEnd)
        {
            n = Math.Min(buffer.Length, _peekEnd - _peekStart);
            _peeked.AsSpan(_peekStart, n).CopyTo(buffer);
            _peekStart += n;
        }
        else
        {
            n = ReadInner(buffer);
        }
        _position += n;
        _seen += n;
        int tail = Math.Min(n, 8);
        foreach (byte b in buffer.Slice(n - tail, tail)) _last8 = (_last8 << 8) | b;
        return n;
    }

    private int ReadInner(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch
        {
            InnerFailed = true;
            throw;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
