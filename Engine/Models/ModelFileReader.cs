using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Models;

/// <summary>
/// Reads a <see cref="ModelFile"/>. Whatever the bytes, the result is a model or one <see cref="Word2VecException"/>
/// naming the file: not a model file (a foreign or empty file), another format version, truncated, or corrupt (a
/// length that does not add up, a value out of range, a checksum that differs). Every length is checked against the
/// file's before an array is allocated.
/// </summary>
internal sealed class ModelFileReader : IDisposable
{
    private readonly Stream _input;
    private readonly string _name;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start, _end;
    private long _position;
    private long _declared = -1;
    private bool _lengthKnown;

    /// <summary>The longest word the corpus reader makes (word2vec.c's MAX_STRING - 2).</summary>
    private const int MaxWordBytes = Text.WordReader.Word2VecMaxString - 2;

    /// <summary>Bytes that end or cut a word read from a corpus, so that none is ever in one.</summary>
    private static readonly System.Buffers.SearchValues<byte> s_notInAWord = System.Buffers.SearchValues.Create(" \t\n\r\0"u8);

    private readonly CancellationToken _cancellationToken;

    private ModelFileReader(Stream input, string name, CancellationToken cancellationToken)
    {
        _input = input;
        _name = name;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Reads a model from <paramref name="input"/> (from its current position); <paramref name="name"/> is how
    /// errors name it ("model file PATH").</summary>
    public static Word2VecModel Read(Stream input, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var r = new ModelFileReader(input, name, cancellationToken);
        try
        {
            return r.ReadModel();
        }
        catch (IOException e)
        {
            throw new Word2VecException($"cannot read {name}: {e.Message}", e);
        }
    }

    private long? KnownLength()
    {
        try
        {
            return _input.CanSeek ? _input.Length - _input.Position : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    private Word2VecModel ReadModel()
    {
        long? known = KnownLength();
        _lengthKnown = known != null;
        Span<byte> magic = stackalloc byte[8];
        int got = Fill(magic);
        if (got == 0) throw Error("is empty, not a model file");
        if (!magic[..got].SequenceEqual(ModelFile.Magic[..got]) || got < 8)
        {
            throw Error(magic[..got].SequenceEqual(ModelFile.Magic[..got])
                ? "is truncated: it ends inside its header"
                : "is not a Word2VecNative model file (its first bytes are not the model magic; vectors are read with WordVectors.Load, not as a model)");
        }
        uint version = UInt32();
        if (version != ModelFile.Version)
            throw Error($"has format version {version}; this build reads version {ModelFile.Version}");
        long declared = Int64();
        if (declared < ModelFile.FixedHeaderBytes + ModelFile.VocabularyHeaderBytes + ModelFile.ChecksumBytes)
            throw Corrupt($"its header declares {declared} bytes, fewer than any model has");
        if (known is long k && k != declared)
            throw k < declared ? Error($"is truncated: {k} bytes of the {declared} its header declares") : Corrupt($"it has {k} bytes, {k - declared} more than its header declares");
        _declared = declared;

        var options = ReadOptions(out bool hs);
        int epochsDone = Int32();
        int threads = Int32();
        long wordsPerEpoch = Int64();
        long wordsProcessed = Int64();
        long epochsTrained = Int64();
        if (epochsDone < 0 || epochsDone > options.Iterations) throw Corrupt($"it says {epochsDone} of {options.Iterations} epochs are done");
        if (threads < 0 || threads > TrainingOptions.MaxThreads) throw Corrupt($"it holds the state of {threads} threads");
        if (wordsPerEpoch < 0 || wordsProcessed < 0 || epochsTrained < epochsDone) throw Corrupt("its word counts are out of range");
        Require((long)threads * ModelFile.ThreadBytes, "thread states");
        var threadStates = new TrainingThreadState[threads];
        for (int i = 0; i < threads; i++)
        {
            ulong random = (ulong)Int64();
            float alpha = Single();
            if (!(alpha >= 0 && float.IsFinite(alpha))) throw Corrupt($"thread {i}'s learning rate is {alpha.ToString(CultureInfo.InvariantCulture)}");
            threadStates[i] = new TrainingThreadState(random, alpha);
        }

        var vocabulary = ReadVocabulary(options);
        int matrices = 1 + (hs ? 1 : 0) + (options.Negative > 0 ? 1 : 0);
        long floats = (long)vocabulary.Count * options.Size;
        if (floats > Array.MaxLength) throw Corrupt($"{vocabulary.Count} words of size {options.Size} do not fit one array");
        if (Remaining() != floats * sizeof(float) * matrices + ModelFile.ChecksumBytes)
            throw Corrupt($"its length does not match {vocabulary.Count} words of size {options.Size} in {matrices} matrices");
        var syn0 = Floats((int)floats);
        var syn1 = hs ? Floats((int)floats) : null;
        var syn1neg = options.Negative > 0 ? Floats((int)floats) : null;
        VerifyChecksum();

        var setupSchedule = LearningRateSchedule.For(options.StartingAlpha, options.MinAlpha, options.Iterations, wordsPerEpoch);
        var state = new TrainingState(setupSchedule, options.Iterations, epochsDone, wordsPerEpoch, wordsProcessed, epochsTrained, threadStates);
        return new Word2VecModel(vocabulary, syn0, syn1, syn1neg, options, state);
    }

    private TrainingOptions ReadOptions(out bool hs)
    {
        int size = Int32(), window = Int32();
        float sample = Single();
        int negative = Int32(), threads = Int32(), iterations = Int32(), minCount = Int32();
        float alpha = Single(), minAlpha = Single(), initialRange = Single();
        ulong seed = (ulong)Int64();
        long hashSize = Int64();
        Span<byte> flags = stackalloc byte[4];
        Bytes(flags);
        if ((flags[0] & ~ModelFile.KnownFlags) != 0 || flags[1] != 0 || flags[2] != 0 || flags[3] != 0)
            throw Corrupt("its flags hold unknown bits");
        if ((flags[0] & (ModelFile.FlagExact | ModelFile.FlagBatched)) == (ModelFile.FlagExact | ModelFile.FlagBatched))
            throw Corrupt("its flags ask for both exact and batched arithmetic");
        hs = (flags[0] & ModelFile.FlagHierarchicalSoftmax) != 0;
        try
        {
            var o = new TrainingOptions
            {
                Size = size,
                Window = window,
                Sample = sample,
                HierarchicalSoftmax = hs,
                Negative = negative,
                Threads = threads,
                Iterations = iterations,
                MinCount = minCount,
                Cbow = (flags[0] & ModelFile.FlagCbow) != 0,
                Alpha = float.IsNaN(alpha) ? null : alpha,
                MinAlpha = float.IsNaN(minAlpha) ? null : minAlpha,
                InitialRange = initialRange,
                Seed = seed,
                VocabHashSize = hashSize,
                Arithmetic = (flags[0] & ModelFile.FlagExact) != 0 ? Arithmetic.Exact
                    : (flags[0] & ModelFile.FlagBatched) != 0 ? Arithmetic.Batched : Arithmetic.Fast,
                ComputeLoss = (flags[0] & ModelFile.FlagComputeLoss) != 0,
            };
            o.EnsureSettingsAgree();
            return o;
        }
        catch (ArgumentException e)
        {
            throw Corrupt("its settings are invalid: " + TrainingOptions.Reason(e));
        }
    }

    private Vocabulary ReadVocabulary(TrainingOptions options)
    {
        int words = Int32();
        long wordBytes = Int64();
        long trainWords = Int64();
        if (words < 1) throw Corrupt($"its vocabulary has {words} words");
        if (wordBytes < 0 || wordBytes > Array.MaxLength) throw Corrupt($"its vocabulary has {wordBytes} bytes of words");
        Require(words * 12L + wordBytes, "vocabulary");
        var counts = Values<long>(words);
        var lengths = Values<int>(words);
        long sum = 0, lengthSum = 0;
        for (int i = 0; i < words; i++)
        {
            if (counts[i] < 0 || counts[i] > Vocabulary.MaxCount) throw Corrupt($"word {i}'s count {counts[i]} is out of range");
            if (lengths[i] < 0) throw Corrupt($"word {i}'s length {lengths[i]} is negative");
            // An empty word is one the reader makes: a word whose first byte is NUL is empty, as in C's strings.
            if (lengths[i] > MaxWordBytes)
                throw Corrupt($"word {i}'s length {lengths[i]} is not a word's (at most {MaxWordBytes} bytes, as the corpus reader cuts them)");
            sum += counts[i];
            lengthSum += lengths[i];
        }
        if (sum != trainWords) throw Corrupt($"its counts add up to {sum}, not the {trainWords} it declares");
        if (lengthSum != wordBytes) throw Corrupt($"its word lengths add up to {lengthSum}, not the {wordBytes} it declares");
        var pool = Values<byte>((int)wordBytes);
        var vocabulary = new Vocabulary(options.VocabHashSize);
        vocabulary.EnsureCapacity(words);
        int at = 0;
        for (int i = 0; i < words; i++)
        {
            var word = pool.AsSpan(at, lengths[i]);
            at += lengths[i];
            if (word.IndexOfAny(s_notInAWord) >= 0)
                throw Corrupt($"word {i} ('{Vocabulary.Printable(word)}') holds a space, tab, newline, carriage return or NUL, which no word read from a corpus has");
            if (vocabulary.Search(word) >= 0) throw Corrupt($"word {i} ('{Vocabulary.Printable(word)}') appears twice");
            vocabulary.SetCount(vocabulary.Add(word), counts[i]);
        }
        vocabulary.TrainWords = trainWords;
        return vocabulary;
    }

    /// <summary>Bytes left before the declared end.</summary>
    private long Remaining() => _declared - _position;

    /// <summary>Throws unless <paramref name="bytes"/> more, and the checksum, fit in the declared length.</summary>
    private void Require(long bytes, string what)
    {
        if (bytes < 0 || bytes > Remaining() - ModelFile.ChecksumBytes)
            throw Corrupt($"its {what} would run past the {_declared} bytes its header declares");
    }

    private void VerifyChecksum()
    {
        Span<byte> computed = stackalloc byte[ModelFile.ChecksumBytes];
        _hash.GetHashAndReset(computed);
        Span<byte> stored = stackalloc byte[ModelFile.ChecksumBytes];
        int got = FillRaw(stored);
        if (got < stored.Length) throw Truncated();
        if (!computed.SequenceEqual(stored)) throw Corrupt("its checksum does not match its contents");
        if (FillRaw(stackalloc byte[1]) != 0) throw Corrupt($"it has bytes after the {_declared} its header declares");
    }

    private Word2VecException Error(string what) => new($"{_name} {what}");

    private Word2VecException Corrupt(string what) => Error("is corrupt: " + what);

    private Word2VecException Truncated() =>
        _declared >= 0 ? Error($"is truncated: it ends after {_position} of the {_declared} bytes its header declares") : Error("is truncated");

    // ---- reading, hashing every byte but the checksum's ----

    /// <summary>Copies up to <paramref name="into"/>'s length from the buffer and the stream, unhashed; returns how many.</summary>
    private int FillRaw(Span<byte> into)
    {
        int n = 0;
        while (n < into.Length)
        {
            if (_start == _end)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _start = 0;
                _end = _input.Read(_buffer, 0, _buffer.Length);
                if (_end == 0) break;
            }
            int take = Math.Min(into.Length - n, _end - _start);
            _buffer.AsSpan(_start, take).CopyTo(into[n..]);
            _start += take;
            n += take;
        }
        _position += n;
        return n;
    }

    private int Fill(Span<byte> into)
    {
        int n = FillRaw(into);
        _hash.AppendData(into[..n]);
        return n;
    }

    private void Bytes(Span<byte> into)
    {
        if (Fill(into) < into.Length) throw Truncated();
    }

    private uint UInt32()
    {
        Span<byte> b = stackalloc byte[4];
        Bytes(b);
        return BinaryPrimitives.ReadUInt32LittleEndian(b);
    }

    private int Int32()
    {
        Span<byte> b = stackalloc byte[4];
        Bytes(b);
        return BinaryPrimitives.ReadInt32LittleEndian(b);
    }

    private long Int64()
    {
        Span<byte> b = stackalloc byte[8];
        Bytes(b);
        return BinaryPrimitives.ReadInt64LittleEndian(b);
    }

    private float Single()
    {
        Span<byte> b = stackalloc byte[4];
        Bytes(b);
        return BinaryPrimitives.ReadSingleLittleEndian(b);
    }

    /// <summary>Fills <paramref name="into"/>, a million values at a time (a span of bytes holds at most 2 GB).</summary>
    private void Fill<T>(Span<T> into) where T : unmanaged
    {
        const int Chunk = 1 << 20;
        for (int at = 0; at < into.Length; at += Chunk)
            Bytes(MemoryMarshal.AsBytes(into.Slice(at, Math.Min(Chunk, into.Length - at))));
    }

    /// <summary>A matrix of <paramref name="count"/> floats.</summary>
    private float[] Floats(int count)
    {
        if (_lengthKnown)
        {
            var a = LargeArray.Allocate(count, pinned: true);
            Fill<float>(a);
            if (!BitConverter.IsLittleEndian)
            {
                var ints = MemoryMarshal.Cast<float, int>(a.AsSpan());
                BinaryPrimitives.ReverseEndianness(ints, ints);
            }
            return a;
        }
        return Values<float>(count);
    }

    /// <summary>An array of <paramref name="count"/> little-endian values. From a stream of unknown length, whose declared
    /// length is a promise only, a large array starts small and doubles as the data arrives, so a lying header costs
    /// at most twice the bytes really there.</summary>
    private T[] Values<T>(int count) where T : unmanaged
    {
        const int Initial = 1 << 16;
        T[] a;
        if (_lengthKnown || count <= Initial)
        {
            a = GC.AllocateUninitializedArray<T>(count);
            Fill<T>(a);
        }
        else
        {
            a = new T[Initial];
            int filled = 0;
            while (true)
            {
                Fill<T>(a.AsSpan(filled));
                filled = a.Length;
                if (filled == count) break;
                System.Array.Resize(ref a, (int)Math.Min(count, (long)filled * 2));
            }
        }
        if (!BitConverter.IsLittleEndian && Unsafe.SizeOf<T>() == sizeof(long))
        {
            var longs = MemoryMarshal.Cast<T, long>(a.AsSpan());
            BinaryPrimitives.ReverseEndianness(longs, longs);
        }
        else if (!BitConverter.IsLittleEndian && Unsafe.SizeOf<T>() == sizeof(int))
        {
            var ints = MemoryMarshal.Cast<T, int>(a.AsSpan());
            BinaryPrimitives.ReverseEndianness(ints, ints);
        }
        return a;
    }

    public void Dispose() => _hash.Dispose();
}
