using System.Buffers;
using System.Runtime.CompilerServices;

namespace Word2VecNative.Text;

/// <summary>
/// Byte-level port of word2vec.c's <c>ReadWord</c>: space, tab and newline end a word, '\r' is dropped,
/// a newline yields the sentence token <c>&lt;/s&gt;</c>, words are cut to their first <c>maxString - 2</c> bytes
/// (and, as a C string, at their first NUL byte). A word still open when the file ends is discarded, exactly as
/// the C callers discard it when <c>feof</c> is set. Bytes are never decoded: every byte value survives.
/// </summary>
internal sealed class WordReader : IDisposable
{
    /// <summary>word2vec.c's MAX_STRING.</summary>
    public const int Word2VecMaxString = 100;
    /// <summary>word2phrase.c's MAX_STRING.</summary>
    public const int Word2PhraseMaxString = 180;

    /// <summary>The sentence token that a newline produces.</summary>
    public static ReadOnlySpan<byte> SentenceEnd => "</s>"u8;

    private static readonly SearchValues<byte> s_delimiters = SearchValues.Create(" \t\n\r"u8);

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly byte[] _buffer;
    private readonly byte[] _scratch;
    private readonly int _maxWordLength;
    private int _pos;
    private int _len;
    private long _bufferStart;
    private bool _pendingNewline;
    private bool _eof;

    public WordReader(Stream stream, int maxString = Word2VecMaxString, int bufferSize = 1 << 20, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (maxString < 3) Throw.Argument(nameof(maxString), "maxString must be at least 3");
        _stream = stream;
        _ownsStream = ownsStream;
        _buffer = new byte[Math.Max(bufferSize, 4096)];
        _maxWordLength = maxString - 2;
        _scratch = new byte[_maxWordLength];
        _bufferStart = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>True once a read has hit the end of the input (C's <c>feof</c>).</summary>
    public bool EndOfFile => _eof;

    /// <summary>Bytes consumed so far, as C's <c>ftell</c> reports it: a newline that ended a word is put back.</summary>
    public long Position => _bufferStart + _pos - (_pendingNewline ? 1 : 0);

    /// <summary>Moves to <paramref name="offset"/> and clears the end-of-file state (C's <c>fseek</c>).</summary>
    public void Seek(long offset)
    {
        _stream.Position = offset;
        _bufferStart = offset;
        _pos = _len = 0;
        _pendingNewline = false;
        _eof = false;
    }

    /// <summary>Reads the next word. Returns false at the end of the input; a word cut off by the end of the
    /// input is not returned (as in C). The span is valid until the next call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool ReadWord(out ReadOnlySpan<byte> word)
    {
        if (_pendingNewline)
        {
            _pendingNewline = false;
            word = SentenceEnd;
            return true;
        }
        // Fast path: the whole word and its delimiter are in the buffer.
        int pos = _pos;
        byte[] buf = _buffer;
        int len = _len;
        while (pos < len)
        {
            byte c = buf[pos];
            if (c == (byte)' ' || c == (byte)'\t' || c == (byte)'\r') { pos++; continue; }
            if (c == (byte)'\n')
            {
                _pos = pos + 1;
                word = SentenceEnd;
                return true;
            }
            var rest = new ReadOnlySpan<byte>(buf, pos, len - pos);
            int d = rest.IndexOfAny(s_delimiters);
            if (d < 0 || d > _maxWordLength || rest[d] == (byte)'\r') break;
            var w = rest[..d];
            int nul = w.IndexOf((byte)0);
            if (nul >= 0) w = w[..nul];
            if (rest[d] == (byte)'\n')
            {
                _pendingNewline = true;
            }
            _pos = pos + d + 1;
            word = w;
            return true;
        }
        _pos = pos;
        return ReadWordSlow(out word);
    }

    /// <summary>Reads one raw byte (C's fgetc after ReadWord, as fscanf uses it); -1 at the end.</summary>
    public int ReadByte()
    {
        if (_pendingNewline)
        {
            _pendingNewline = false;
            return '\n';
        }
        if (_pos >= _len && !Fill())
        {
            _eof = true;
            return -1;
        }
        return _buffer[_pos++];
    }

    private bool ReadWordSlow(out ReadOnlySpan<byte> word)
    {
        int a = 0;
        byte[] scratch = _scratch;
        int max = _maxWordLength;
        while (true)
        {
            if (_pos >= _len && !Fill())
            {
                // C appends the EOF char and the caller sees feof: the word is discarded.
                _eof = true;
                word = default;
                return false;
            }
            byte ch = _buffer[_pos++];
            if (ch == (byte)'\r') continue;
            if (ch == (byte)' ' || ch == (byte)'\t' || ch == (byte)'\n')
            {
                if (a > 0)
                {
                    if (ch == (byte)'\n') _pendingNewline = true;
                    break;
                }
                if (ch == (byte)'\n')
                {
                    word = SentenceEnd;
                    return true;
                }
                continue;
            }
            if (a < max) scratch[a] = ch;
            a++;
        }
        var w = new ReadOnlySpan<byte>(scratch, 0, Math.Min(a, max));
        int nul = w.IndexOf((byte)0);
        word = nul >= 0 ? w[..nul] : w;
        return true;
    }

    private bool Fill()
    {
        if (_eof) return false;
        _bufferStart += _len;
        _pos = 0;
        _len = 0;
        int n;
        while ((n = _stream.Read(_buffer, _len, _buffer.Length - _len)) > 0)
        {
            _len += n;
            if (_len == _buffer.Length) break;
        }
        return _len > 0;
    }

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }
}
