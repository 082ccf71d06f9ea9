using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>
/// Reads word-vectors files in the C tool's layouts (also what gensim writes): a "words size" header line, then
/// per word either the word, a space and <c>size</c> raw little-endian floats (binary, optionally followed by a
/// newline), or the word and <c>size</c> decimal numbers on a line (text; C's <c>%lf</c> or Python's repr).
/// The body is parsed in a single streaming pass straight into the final float array: the file is never held
/// in memory. The header is checked against the file length before anything is allocated, and a body that
/// disagrees with its header (truncated, extra entries, wrong number of columns) is an error.
/// </summary>
internal static class VectorFileReader
{
    /// <summary>Largest accepted vector dimension.</summary>
    public const int MaxSize = 1 << 20;
    /// <summary>Longest accepted word, in bytes (a longer one means the file is not what its header says).</summary>
    public const int MaxWordBytes = 1 << 16;

    /// <summary>What was read: the words, the rows, and each row's C length (null when the rows were normalised as read).</summary>
    internal readonly record struct Result(Vocabulary Words, float[] Vectors, int Size, VectorFileFormat Format, float[]? Norms);

    /// <summary>Receives the entries of a file as they are parsed.</summary>
    internal interface IEntrySink
    {
        /// <summary>Called once the header has been checked and the layout is known: the words to read, the floats per
        /// row, and how many rows may be allocated at once (all of them where the length of the input is known).</summary>
        void Start(VectorFileFormat format, long words, int size, long rowsToAllocate);

        /// <summary>Entry <paramref name="index"/>'s word; returns where its floats go. <paramref name="rowOffset"/> is
        /// the position of its first float in the input.</summary>
        Span<float> Entry(long index, ReadOnlySpan<byte> word, long rowOffset);

        /// <summary>Entry <paramref name="index"/>'s floats have been read.</summary>
        void Filled(long index);
    }

    public static Result Read(string path, VectorFileFormat format = VectorFileFormat.Auto, int limit = 0, bool normalize = false)
    {
        using var fs = Open(path);
        return Read(fs, format, path, limit, normalize);
    }

    /// <summary>Opens a vectors file for one sequential pass; a missing one is a <see cref="FileNotFoundException"/>.</summary>
    public static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"vectors file {path} not found", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"cannot read vectors file {path}: {e.Message}", e);
        }
    }

    /// <summary>Reads from a stream; <paramref name="limit"/> &gt; 0 keeps only the first <c>limit</c> words
    /// (and stops reading there, as the C tools' threshold and gensim's limit do). Each row's C length is computed as
    /// the rows arrive (while they are in the cache); with <paramref name="normalize"/> each row is divided by it
    /// instead.</summary>
    public static Result Read(Stream stream, VectorFileFormat format, string name, int limit = 0, bool normalize = false)
    {
        var sink = new MatrixSink(normalize);
        Read(stream, format, name, limit, sink);
        return new Result(sink.Words, sink.Vectors, sink.Size, sink.Format, normalize ? null : sink.Norms);
    }

    /// <summary>Parses a vectors file into <paramref name="sink"/>, checking it as <see cref="Read(Stream, VectorFileFormat, string, int, bool)"/> does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Read<TSink>(Stream stream, VectorFileFormat format, string name, int limit, TSink sink) where TSink : class, IEntrySink
    {
        ArgumentNullException.ThrowIfNull(stream);
        var src = new ByteSource(stream);
        long declared = src.ReadHeaderNumber(name, "word count");
        long size = src.ReadHeaderNumber(name, "vector size");
        src.EndHeaderLine(name);
        if (declared <= 0) Throw.Input($"{name}: the header declares {declared} words");
        if (size <= 0 || size > MaxSize) Throw.Input($"{name}: the header declares an invalid vector size {size}");
        long words = limit > 0 ? Math.Min(declared, limit) : declared;
        if (format == VectorFileFormat.Auto) format = src.GuessFormat((int)size, declared > 1);

        long remaining = src.Remaining;
        long minPerEntry = format == VectorFileFormat.Binary ? 4 * size + 1 : 2 * size;
        if (remaining >= 0 && words > remaining / minPerEntry)
            Throw.Input($"{name} is truncated or corrupt: the header declares {declared} words of size {size} but only {remaining} bytes follow it");
        if (words > Array.MaxLength / size)
            Throw.Input($"{name}: {words} words of size {size} are more floats than one array can hold");

        // Where the length is known the header has been checked and the rows may be allocated at once, at their final
        // size. A stream of unknown length could lie: its rows start at 64K floats (or one row) and double as they
        // arrive, so a short stream costs about one row more than its content whatever its header says.
        long rowsAllocated = remaining >= 0 ? words : Math.Min(words, Math.Max(1, (1 << 16) / size));
        int n = (int)size;
        sink.Start(format, words, n, rowsAllocated);
        var wordBuf = new byte[256];
        for (long w = 0; w < words; w++)
        {
            int len = src.ReadWord(ref wordBuf, name);
            if (len < 0) Throw.Input($"{name} is truncated: the header declares {declared} words but the file ends after {w}");
            var row = sink.Entry(w, wordBuf.AsSpan(0, len), src.Position);
            if (format == VectorFileFormat.Binary)
            {
                if (!src.ReadExactly(MemoryMarshal.AsBytes(row)))
                    Throw.Input($"{name} is truncated: the vector of word {w + 1} ('{Show(wordBuf, len)}') is cut short");
                if (!BitConverter.IsLittleEndian) ReverseEndianness(row);
            }
            else
            {
                src.ReadTextRow(row, name, w + 1);
            }
            sink.Filled(w);
        }
        if (words == declared && src.HasMoreEntries())
            Throw.Input($"{name} is corrupt: the header declares {declared} words but more data follows them");
    }

    /// <summary>The in-memory loader's sink: a vocabulary, one row-major matrix, and the rows' lengths, computed (or the
    /// rows normalised) every <see cref="Block"/> rows, while those are still in the cache.</summary>
    private sealed class MatrixSink(bool normalize) : IEntrySink
    {
        private const int Block = 64;
        private long _rowsAllocated;
        private long _words;

        public Vocabulary Words { get; } = new();
        public float[] Vectors { get; private set; } = [];
        public float[] Norms { get; private set; } = [];
        public int Size { get; private set; }
        public VectorFileFormat Format { get; private set; }

        public void Start(VectorFileFormat format, long words, int size, long rowsToAllocate)
        {
            Format = format;
            Size = size;
            _rowsAllocated = rowsToAllocate;
            Vectors = LargeArray.Allocate((int)(rowsToAllocate * size));
            Norms = new float[rowsToAllocate];
            Words.EnsureCapacity((int)rowsToAllocate);
            _words = words;
        }

        public Span<float> Entry(long index, ReadOnlySpan<byte> word, long rowOffset)
        {
            Words.Add(word);
            if (index == _rowsAllocated)
            {
                _rowsAllocated = Math.Min(_words, _rowsAllocated * 2);
                var v = Vectors;
                Array.Resize(ref v, (int)(_rowsAllocated * Size));
                Vectors = v;
                var n = Norms;
                Array.Resize(ref n, (int)_rowsAllocated);
                Norms = n;
            }
            return Vectors.AsSpan((int)(index * Size), Size);
        }

        public void Filled(long index)
        {
            if (index % Block != Block - 1 && index != _words - 1) return;
            int from = (int)(index - index % Block), rows = (int)(index - from) + 1;
            var block = Vectors.AsSpan(from * Size, rows * Size);
            var lengths = Norms.AsSpan(from, rows);
            UnitLength.Lengths(block, Size, lengths);
            if (!normalize) return;
            for (int r = 0; r < rows; r++)
            {
                var row = block.Slice(r * Size, Size);
                System.Numerics.Tensors.TensorPrimitives.Divide(row, lengths[r], row);
            }
        }
    }

    private static void ReverseEndianness(Span<float> row)
    {
        var ints = MemoryMarshal.Cast<float, int>(row);
        System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(ints, ints);
    }

    internal static string Show(byte[] word, int len) => Vocabulary.Printable(word.AsSpan(0, len));

    /// <summary>One number of a text file: what <c>double.Parse</c> reads (then rounded to float, as gensim and numpy
    /// do), and the spellings of infinities and NaNs that C's printf, Python and numpy write: <c>inf</c>,
    /// <c>infinity</c>, <c>nan</c>, <c>nan(...)</c> in any case, with an optional sign (<c>-nan</c> keeps its sign
    /// bit).</summary>
    internal static bool TryParseNumber(ReadOnlySpan<byte> token, out float value)
    {
        if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && !double.IsNaN(d))
        {
            value = (float)d;
            return true;
        }
        var t = token;
        bool negative = false;
        if (t.Length > 0 && (t[0] == '-' || t[0] == '+'))
        {
            negative = t[0] == '-';
            t = t[1..];
        }
        if (Ascii.EqualsIgnoreCase(t, "inf"u8) || Ascii.EqualsIgnoreCase(t, "infinity"u8))
        {
            value = negative ? float.NegativeInfinity : float.PositiveInfinity;
            return true;
        }
        if (t.Length >= 3 && Ascii.EqualsIgnoreCase(t[..3], "nan"u8) && (t.Length == 3 || IsNanPayload(t[3..])))
        {
            value = BitConverter.Int32BitsToSingle(negative ? unchecked((int)0xFFC00000) : 0x7FC00000);
            return true;
        }
        value = 0;
        return false;

        // strtod's "nan(n-char-sequence)".
        static bool IsNanPayload(ReadOnlySpan<byte> p)
        {
            if (p.Length < 2 || p[0] != '(' || p[^1] != ')') return false;
            foreach (byte b in p[1..^1])
                if (!(char.IsAsciiLetterOrDigit((char)b) || b == '_')) return false;
            return true;
        }
    }

    /// <summary>A forward-only buffered byte reader.</summary>
    private sealed class ByteSource(Stream stream)
    {
        private readonly byte[] _buf = new byte[1 << 18];
        private int _pos, _len;
        private long _consumedBeforeBuffer;
        private bool _eof;

        /// <summary>Bytes consumed so far: the position of the next byte in the stream.</summary>
        public long Position => _consumedBeforeBuffer + _pos;

        /// <summary>Bytes left after the current position, or -1 where the stream cannot tell.</summary>
        public long Remaining
        {
            get
            {
                if (!stream.CanSeek) return -1;
                try { return stream.Length - (_consumedBeforeBuffer + _pos); }
                catch (NotSupportedException) { return -1; }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private bool Fill()
        {
            if (_eof) return false;
            if (_pos < _len) Buffer.BlockCopy(_buf, _pos, _buf, 0, _len - _pos);
            _consumedBeforeBuffer += _pos;
            _len -= _pos;
            _pos = 0;
            int r = stream.Read(_buf, _len, _buf.Length - _len);
            if (r <= 0) { _eof = true; return false; }
            _len += r;
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private int Peek()
        {
            if (_pos >= _len && !Fill()) return -1;
            return _buf[_pos];
        }

        public long ReadHeaderNumber(string name, string what)
        {
            int c;
            while ((c = Peek()) == ' ' || c == '\t' || c == '\n' || c == '\r') _pos++;
            long v = 0;
            int digits = 0;
            bool neg = false;
            if (c == '-' || c == '+') { neg = c == '-'; _pos++; }
            while ((c = Peek()) >= '0' && c <= '9')
            {
                if (v > (long.MaxValue - 9) / 10) Throw.Input($"{name}: the {what} in the header is too large");
                v = v * 10 + (c - '0');
                digits++;
                _pos++;
            }
            if (digits == 0) Throw.Input($"{name} is not a word-vectors file: it does not start with a \"words size\" header");
            return neg ? -v : v;
        }

        public void EndHeaderLine(string name)
        {
            int c;
            while ((c = Peek()) == ' ' || c == '\t' || c == '\r') _pos++;
            if (c != '\n') Throw.Input($"{name} is not a word-vectors file: its first line is not \"words size\"");
            _pos++;
        }

        /// <summary>
        /// Text if the rest of the first entry's line (after the word, up to its newline) holds exactly
        /// <paramref name="size"/> numbers, and so does the second entry's line where the header declares more than
        /// one word; binary otherwise. A binary row is raw floats: its bytes may look like digits, blanks or a
        /// newline, but that they form <c>size</c> numbers ending at a newline, twice, is out of reach in practice.
        /// A line longer than the look-ahead counts as text while every number in it parses (a binary row is never
        /// that many bytes of digits). Only the first line is looked at where the file has one word; a file whose
        /// single vector is all ASCII digits and blanks can be named with an explicit format.
        /// </summary>
        public VectorFileFormat GuessFormat(int size, bool twoLines)
        {
            int window = _buf.Length / 2;
            while (_len - _pos < window && Fill()) { }
            int i = _pos;
            var line = TextLine(ref i, size);
            if (line == LineKind.Numbers && twoLines) line = TextLine(ref i, size);
            return line is LineKind.Numbers or LineKind.EndOfFile or LineKind.Unfinished ? VectorFileFormat.Text : VectorFileFormat.Binary;
        }

        private enum LineKind { Numbers, NotNumbers, EndOfFile, Unfinished }

        /// <summary>Looks at the entry starting at <paramref name="i"/> in the buffered bytes (newlines, a word, a space,
        /// then the rest of the line) as the text reader would read it: <see cref="LineKind.Numbers"/> if exactly
        /// <paramref name="size"/> numbers follow the word and then blanks and the line's end; a word that spans a
        /// newline is not a text line's. <see cref="LineKind.Unfinished"/> if the buffered bytes end inside the
        /// numbers before anything else was found, <see cref="LineKind.EndOfFile"/> if no entry starts.</summary>
        private LineKind TextLine(ref int i, int size)
        {
            while (i < _len && (_buf[i] == '\n' || _buf[i] == '\r')) i++;
            if (i >= _len) return _eof ? LineKind.EndOfFile : LineKind.Unfinished;
            int space = _buf.AsSpan(i, _len - i).IndexOf((byte)' ');
            if (space < 0 || _buf.AsSpan(i, space).Contains((byte)'\n')) return LineKind.NotNumbers;
            i += space + 1;
            int numbers = 0;
            while (true)
            {
                while (i < _len && (_buf[i] == ' ' || _buf[i] == '\t')) i++;
                if (i >= _len) return !_eof && numbers > 0 ? LineKind.Unfinished : numbers == size ? LineKind.Numbers : LineKind.NotNumbers;
                if (_buf[i] == '\n' || _buf[i] == '\r')
                {
                    if (numbers != size) return LineKind.NotNumbers;
                    while (i < _len && (_buf[i] == ' ' || _buf[i] == '\t' || _buf[i] == '\r')) i++;
                    if (i >= _len) return _eof ? LineKind.Numbers : LineKind.Unfinished;
                    if (_buf[i] != '\n') return LineKind.NotNumbers;
                    i++;
                    return LineKind.Numbers;
                }
                var rest = _buf.AsSpan(i, _len - i);
                int end = rest.IndexOfAny((byte)' ', (byte)'\t', (byte)'\n');
                if (end < 0)
                {
                    if (!_eof) return numbers > 0 ? LineKind.Unfinished : LineKind.NotNumbers;
                    end = rest.Length;
                }
                var token = rest[..end];
                if (token[^1] == '\r') token = token[..^1];
                if (++numbers > size || !TryParseNumber(token, out _)) return LineKind.NotNumbers;
                i += end;
            }
        }

        /// <summary>Skips newlines, then reads bytes up to a space into <paramref name="word"/>;
        /// returns the length, or -1 at the end of the file.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public int ReadWord(ref byte[] word, string name)
        {
            int c;
            while ((c = Peek()) == '\n' || c == '\r') _pos++;
            if (c < 0) return -1;
            int n = 0;
            while (true)
            {
                if (_pos >= _len && !Fill()) return -1;
                var span = new ReadOnlySpan<byte>(_buf, _pos, _len - _pos);
                int sp = span.IndexOf((byte)' ');
                int take = sp < 0 ? span.Length : sp;
                if (n + take > MaxWordBytes) Throw.Input($"{name} is corrupt: a word longer than {MaxWordBytes} bytes");
                if (n + take > word.Length) Array.Resize(ref word, Math.Max(word.Length * 2, n + take));
                span[..take].CopyTo(word.AsSpan(n));
                n += take;
                _pos += take;
                if (sp >= 0)
                {
                    _pos++;
                    return n;
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public bool ReadExactly(Span<byte> dest)
        {
            while (dest.Length > 0)
            {
                if (_pos >= _len && !Fill()) return false;
                int take = Math.Min(dest.Length, _len - _pos);
                _buf.AsSpan(_pos, take).CopyTo(dest);
                _pos += take;
                dest = dest[take..];
            }
            return true;
        }

        /// <summary>Parses <c>row.Length</c> numbers and the end of the line.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ReadTextRow(Span<float> row, string name, long entry)
        {
            for (int k = 0; k < row.Length; k++)
            {
                int c;
                while ((c = Peek()) == ' ' || c == '\t') _pos++;
                if (c < 0 || c == '\n' || c == '\r')
                    Throw.Input($"{name} is corrupt: entry {entry} has {k} numbers, the header says {row.Length}");
                int end = NumberEnd();
                if (end == -2) Throw.Input($"{name} is corrupt: entry {entry} has a number longer than {_buf.Length} bytes");
                var span = new ReadOnlySpan<byte>(_buf, _pos, _len - _pos);
                if (end < 0) end = span.Length;
                var tok = span[..end];
                if (tok.Length > 0 && tok[^1] == '\r') tok = tok[..^1];
                if (!TryParseNumber(tok, out row[k]))
                    Throw.Input($"{name} is corrupt: entry {entry} has a bad number '{Vocabulary.Printable(tok, 40)}'");
                _pos += end;
            }
            int e;
            while ((e = Peek()) == ' ' || e == '\t' || e == '\r') _pos++;
            if (e >= 0 && e != '\n')
                Throw.Input($"{name} is corrupt: entry {entry} has more than the {row.Length} numbers the header declares");
            if (e == '\n') _pos++;
        }

        /// <summary>Length of the number at the current position (up to a blank or a newline), reading on until it
        /// is all in the buffer; -1 if the file ends inside it, -2 if it is longer than the buffer.</summary>
        private int NumberEnd()
        {
            while (true)
            {
                int end = new ReadOnlySpan<byte>(_buf, _pos, _len - _pos).IndexOfAny((byte)' ', (byte)'\n', (byte)'\t');
                if (end >= 0) return end;
                if (_pos == 0 && _len == _buf.Length) return -2;
                if (!Fill()) return -1;
            }
        }

        /// <summary>True if anything but white space follows.</summary>
        public bool HasMoreEntries()
        {
            int c;
            while ((c = Peek()) == ' ' || c == '\t' || c == '\n' || c == '\r') _pos++;
            return c >= 0;
        }
    }
}
