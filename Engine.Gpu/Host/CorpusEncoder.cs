using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// Encodes a corpus file to word indices once, in parallel over byte ranges. Each range starts just after a space, tab
/// or newline (or at the start of the file) and is read by the engine's own sentence reader
/// (<see cref="TrainingSetup.ReadSentences"/>, a byte-level port of C's ReadWord), so a word is never split and the
/// words are those one reader of the whole file sees; a line that crosses a range boundary becomes two segments, as C's threads cut lines
/// at their file offsets. Ranges are a fixed size, so the result does not depend on the number of cores.
/// </summary>
internal static class CorpusEncoder
{
    public const int DefaultRangeBytes = 8 << 20;

    public static EncodedCorpus Encode(TrainingSetup setup, CancellationToken cancellationToken, int rangeBytes = DefaultRangeBytes)
    {
        var corpus = setup.Corpus;
        long fileLength;
        using (var probe = corpus.Open()) fileLength = probe.Length;
        var bounds = Boundaries(corpus, fileLength, rangeBytes);
        var parts = new Part[bounds.Count - 1];
        Parallel.For(0, parts.Length, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            r => parts[r] = EncodeRange(setup, bounds[r], bounds[r + 1], cancellationToken));

        long words = 0, segments = 0;
        foreach (var p in parts)
        {
            words += p.WordCount;
            segments += p.SegmentCount;
        }
        if (words > Array.MaxLength)
            throw new Word2VecException($"ERROR: {corpus.Name} holds {words} known words, more than GPU training encodes in one array ({Array.MaxLength})");
        var all = GC.AllocateUninitializedArray<int>((int)words);
        var start = new long[segments + 1];
        var clock = new long[segments];
        long w = 0, s = 0, before = 0;
        foreach (var p in parts)
        {
            Array.Copy(p.Words, 0, all, w, p.WordCount);
            for (int i = 0; i < p.SegmentCount; i++)
            {
                start[s] = w + p.SegmentStart[i];
                clock[s] = before + p.SegmentClock[i];
                s++;
            }
            w += p.WordCount;
            before += p.KnownWords;
        }
        start[segments] = w;
        return new EncodedCorpus(all, start, clock, before);
    }

    private sealed class Part
    {
        public int[] Words = new int[1 << 16];
        public int WordCount;
        public int[] SegmentStart = new int[1 << 10];
        public long[] SegmentClock = new long[1 << 10];
        public int SegmentCount;
        public long KnownWords;

        /// <summary>Appends a sentence as the next segment, <paramref name="clock"/> the known words read before it.</summary>
        public void Add(ReadOnlySpan<int> sentence, long clock)
        {
            int n = sentence.Length;
            if (WordCount + n > Words.Length) Array.Resize(ref Words, Math.Max(Words.Length * 2, WordCount + n));
            if (SegmentCount == SegmentStart.Length)
            {
                Array.Resize(ref SegmentStart, SegmentCount * 2);
                Array.Resize(ref SegmentClock, SegmentCount * 2);
            }
            sentence.CopyTo(Words.AsSpan(WordCount));
            SegmentStart[SegmentCount] = WordCount;
            SegmentClock[SegmentCount] = clock;
            SegmentCount++;
            WordCount += n;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // a loop over the whole corpus: see the engine's TrainingRun.TrainThread
    private static Part EncodeRange(TrainingSetup setup, long from, long to, CancellationToken cancellationToken)
    {
        var part = new Part();
        var stream = setup.Corpus.Open();
        stream.Position = from;
        using var range = new RangeStream(stream, to - from);
        part.KnownWords = setup.ReadSentences(range, part.Add, cancellationToken);
        return part;
    }

    /// <summary>Range boundaries: 0, then each multiple of <paramref name="rangeBytes"/> moved forward to just after the
    /// next space, tab or newline, then the file's length.</summary>
    private static List<long> Boundaries(TrainingCorpus corpus, long length, int rangeBytes)
    {
        var bounds = new List<long> { 0 };
        using var fs = corpus.Open();
        var buffer = new byte[1 << 16];
        for (long nominal = rangeBytes; nominal < length; nominal += rangeBytes)
        {
            long at = Math.Max(nominal - 1, bounds[^1]);
            long boundary = length;
            fs.Position = at;
            while (at < length)
            {
                int n = fs.Read(buffer, 0, (int)Math.Min(buffer.Length, length - at));
                if (n <= 0) break;
                int d = buffer.AsSpan(0, n).IndexOfAny((byte)' ', (byte)'\t', (byte)'\n');
                if (d >= 0)
                {
                    boundary = at + d + 1;
                    break;
                }
                at += n;
            }
            if (boundary >= length) break;
            if (boundary > bounds[^1]) bounds.Add(boundary);
        }
        bounds.Add(length);
        return bounds;
    }

    /// <summary>The first <c>length</c> bytes of a stream from its current position, read-only and forward-only.</summary>
    private sealed class RangeStream(Stream inner, long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_left <= 0) return 0;
            int n = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
            _left -= n;
            return n;
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
}
