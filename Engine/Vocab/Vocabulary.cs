using System.Runtime.CompilerServices;
using System.Text;
using Word2VecNative.Text;

namespace Word2VecNative.Vocab;

/// <summary>
/// The vocabulary of word2vec.c: words (raw bytes) with their counts, in the C tool's order.
/// Insertion order, <c>ReduceVocab</c> (when the vocabulary passes 70% of the hash size, dropping words seen
/// at most <c>min_reduce</c> times, which then grows), the stable sort by count that keeps entry 0
/// (<c>&lt;/s&gt;</c>) first, and min-count pruning are those of the C functions.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>word2vec.c's vocab_hash_size.</summary>
    public const long DefaultHashSize = 30_000_000;

    // Storage, sized for vocabularies of tens of millions of words (C's ReduceVocab point is 21 million): the words'
    // bytes back to back in a pool, in index order, so a word's length is the distance to the next one's offset; the
    // entry arrays and the pool grow by half, not double; the open-addressing table runs at up to 3/4 full once it is
    // large (1/2 below 16M slots, and after sorting, where lookups are the hot path of training).
    private byte[] _pool = new byte[1 << 16];
    private int _poolUsed;
    private int[] _offset = new int[1024];
    private long[] _count = new long[1024];
    private uint[] _hash = new uint[1024];
    private int _size;
    private int[] _table = NewTable(1 << 12);
    private int _mask = (1 << 12) - 1;
    private int _minReduce = 1;
    private long _maxWords = long.MaxValue;
    private Func<string, long, int, TrimDecision>? _trimRule;

    internal Vocabulary(long hashSize = DefaultHashSize)
    {
        if (hashSize < 2) Throw.Argument(nameof(hashSize), "hash size must be at least 2");
        HashSize = hashSize;
    }

    /// <summary>The C tool's hash size: the vocabulary is reduced when it holds more than 70% of this many words.</summary>
    public long HashSize { get; }

    /// <summary>Number of words (C's vocab_size).</summary>
    public int Count => _size;

    /// <summary>Sum of the counts of the kept words (C's train_words after SortVocab).</summary>
    public long TrainWords { get; internal set; }

    /// <summary>How many times ReduceVocab ran while learning.</summary>
    public int Reductions { get; internal set; }

    /// <summary>The word at <paramref name="index"/> as raw bytes, exactly as read (no decoding).</summary>
    public ReadOnlySpan<byte> Word(int index) => new(_pool, _offset[index], Length(index));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Length(int index) => (index + 1 < _size ? _offset[index + 1] : _poolUsed) - _offset[index];

    /// <summary>The word at <paramref name="index"/> decoded as UTF-8 (invalid bytes become U+FFFD).</summary>
    public string WordString(int index) => Encoding.UTF8.GetString(Word(index));

    /// <summary>The count of the word at <paramref name="index"/> (C's <c>vocab[index].cn</c>): its occurrences in the
    /// corpus, or the count given by a vocabulary file. An absolute count, not a relative frequency.</summary>
    public long Frequency(int index) => _count[index];

    /// <summary>The count of every word, in order.</summary>
    public ReadOnlySpan<long> Counts => new(_count, 0, _size);

    /// <summary>Index of <paramref name="word"/>, or -1 (C's SearchVocab).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Search(ReadOnlySpan<byte> word)
    {
        uint h = WordHash.Compute(word);
        int[] table = _table;
        int mask = _mask;
        int slot = (int)h & mask;
        while (true)
        {
            int idx = table[slot];
            if (idx < 0) return -1;
            if (_hash[idx] == h && word.SequenceEqual(new ReadOnlySpan<byte>(_pool, _offset[idx], Length(idx)))) return idx;
            slot = (slot + 1) & mask;
        }
    }

    /// <summary>Index of <paramref name="word"/> encoded as UTF-8, or -1 (C's SearchVocab).</summary>
    public int Search(string word) => Search(Encoding.UTF8.GetBytes(word));

    /// <summary>Appends a word with count 0 (C's AddWordToVocab); the caller knows it is absent.</summary>
    internal int Add(ReadOnlySpan<byte> word)
    {
        if (_size == _offset.Length) Grow();
        if (_poolUsed + word.Length > _pool.Length)
        {
            if ((long)_poolUsed + word.Length > Array.MaxLength) Throw.Input("the vocabulary's words exceed 2 GB; raise -min-count or lower the hash size");
            Array.Resize(ref _pool, (int)Math.Min(Array.MaxLength, Math.Max(_pool.Length + (long)_pool.Length / 2, _poolUsed + word.Length)));
            ReleaseIfLarge(_pool.Length);
        }
        word.CopyTo(_pool.AsSpan(_poolUsed));
        int i = _size++;
        _offset[i] = _poolUsed;
        _count[i] = 0;
        uint h = WordHash.Compute(word);
        _hash[i] = h;
        _poolUsed += word.Length;
        if (Crowded(_size, _table.Length)) Rehash(_table.Length * 2);
        else Insert(i, h);
        return i;
    }

    /// <summary>Counts one occurrence, adding the word if needed, and reduces as C does (one step of LearnVocab).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void CountWord(ReadOnlySpan<byte> word)
    {
        int i = Search(word);
        if (i == -1)
        {
            i = Add(word);
            _count[i] = 1;
        }
        else _count[i]++;
        if (_size > HashSize * 0.7 || _size > _maxWords) Reduce();
    }

    internal void AddCount(int index, long count) => _count[index] += count;

    internal void SetCount(int index, long count) => _count[index] = count;

    /// <summary>C's ReduceVocab: keeps words seen more than min_reduce times, in order; min_reduce grows. A trim rule
    /// decides first (with min_reduce + 1, the count that keeps a word, as its minimum), as gensim's prune_vocab asks it.</summary>
    internal void Reduce()
    {
        int b = 0;
        int used = 0;
        for (int a = 0; a < _size; a++)
        {
            if (Keeps(a, _count[a], _minReduce + 1))
            {
                int len = Length(a);
                Buffer.BlockCopy(_pool, _offset[a], _pool, used, len);
                _offset[b] = used;
                _count[b] = _count[a];
                _hash[b] = _hash[a];
                used += len;
                b++;
            }
        }
        _size = b;
        _poolUsed = used;
        Reinsert();
        _minReduce++;
        Reductions++;
    }

    /// <summary>True when the word at <paramref name="index"/>, seen <paramref name="count"/> times, stays in a vocabulary
    /// that keeps words seen at least <paramref name="minCount"/> times: the trim rule's decision, or the count's.</summary>
    private bool Keeps(int index, long count, long minCount)
    {
        if (_trimRule != null)
        {
            switch (_trimRule(WordString(index), count, (int)Math.Min(int.MaxValue, minCount)))
            {
                case TrimDecision.Keep: return true;
                case TrimDecision.Discard: return false;
            }
        }
        return count >= minCount;
    }

    /// <summary>C's SortVocab: stable sort of entries 1.. by descending count (glibc's merge sort with the C
    /// comparator), then drops entries 1.. seen fewer than <paramref name="minCount"/> times and sums train_words.
    /// With <paramref name="maxFinalVocab"/> the minimum count is raised, as gensim's <c>max_final_vocab</c> does,
    /// until at most that many words (<c>&lt;/s&gt;</c>, entry 0, among them) are left: to one more than the count
    /// of the first word past the limit in count order, so that words of equal counts stay or go together. A trim
    /// rule (set with <see cref="Learn(Stream, Training.TrainingOptions, Action{long}?, CancellationToken)"/>) decides
    /// for every word but entry 0, given that minimum.</summary>
    internal void Sort(int minCount, int? maxFinalVocab = null)
    {
        int n = _size;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        if (n > 2)
        {
            var tmp = new int[n - 1];
            MergeSort(order.AsSpan(1), tmp, _count);
        }
        long effectiveMinCount = minCount;
        if (maxFinalVocab is int limit && n > limit && limit >= 1)
        {
            // order[limit] is the first entry past the limit (entry 0 holds one of its places). C's comparator
            // truncates count differences to int, so the largest count past the limit is looked for, not assumed.
            long largestLeftOut = 0;
            for (int a = limit; a < n; a++) largestLeftOut = Math.Max(largestLeftOut, _count[order[a]]);
            effectiveMinCount = Math.Max(minCount, largestLeftOut + 1);
        }
        int kept = 0;
        long trainWords = 0;
        for (int a = 0; a < n; a++)
        {
            long c = _count[order[a]];
            if (a != 0 && !Keeps(order[a], c, effectiveMinCount)) continue;
            order[kept++] = order[a];
            trainWords = AddCount(trainWords, c);
        }
        Permute(order.AsSpan(0, kept));
        TrainWords = trainWords;
    }

    // glibc msort_with_tmp: top-down, n1 = n/2, ties taken from the left run; cmp = (int)(b.cn - a.cn).
    private static void MergeSort(Span<int> b, Span<int> tmp, long[] counts)
    {
        int n = b.Length;
        if (n <= 1) return;
        int n1 = n / 2, n2 = n - n1;
        var b1 = b[..n1];
        var b2 = b[n1..];
        MergeSort(b1, tmp, counts);
        MergeSort(b2, tmp, counts);
        int i = 0, j = 0, k = 0;
        while (i < n1 && j < n2)
        {
            // C's VocabCompare(b1, b2) = (int)(b2.cn - b1.cn); glibc takes from the left run when it is <= 0.
            int cmp = unchecked((int)(counts[b2[j]] - counts[b1[i]]));
            if (cmp <= 0) tmp[k++] = b1[i++];
            else tmp[k++] = b2[j++];
        }
        while (i < n1) tmp[k++] = b1[i++];
        // the rest of b2 is already in place
        tmp[..k].CopyTo(b);
    }

    private void Permute(ReadOnlySpan<int> order)
    {
        int n = order.Length;
        var pool = new byte[Math.Max(16, _poolUsed)];
        var offset = new int[Math.Max(16, n)];
        var count = new long[offset.Length];
        var hash = new uint[offset.Length];
        int used = 0;
        for (int i = 0; i < n; i++)
        {
            int s = order[i];
            int len = Length(s);
            Buffer.BlockCopy(_pool, _offset[s], pool, used, len);
            offset[i] = used;
            count[i] = _count[s];
            hash[i] = _hash[s];
            used += len;
        }
        _pool = pool;
        _poolUsed = used;
        _offset = offset;
        _count = count;
        _hash = hash;
        _size = n;
        int tableSize = 16;
        while (tableSize < n * 2) tableSize *= 2;
        Rehash(tableSize);
    }

    /// <summary>Makes room for <paramref name="words"/> entries without regrowing.</summary>
    internal void EnsureCapacity(int words)
    {
        if (_offset.Length < words)
        {
            Array.Resize(ref _offset, words);
            Array.Resize(ref _count, words);
            Array.Resize(ref _hash, words);
        }
        int tableSize = _table.Length;
        while (Crowded(words, tableSize) && tableSize < (1 << 30)) tableSize *= 2;
        if (tableSize != _table.Length) Rehash(tableSize);
    }

    /// <summary>True when <paramref name="entries"/> would fill a table of <paramref name="slots"/> past its load limit:
    /// 1/2, or 3/4 for tables of 16M slots and more (where the table is most of the memory).</summary>
    private static bool Crowded(long entries, int slots) => slots >= 1 << 24 ? entries * 4 > slots * 3L : entries * 2 > slots;

    private void Grow()
    {
        int n = (int)Math.Min(Array.MaxLength, _offset.Length + (long)_offset.Length / 2);
        if (n <= _size) Throw.Input("the vocabulary holds more words than one array can; raise -min-count or lower the hash size");
        Array.Resize(ref _offset, n);
        ReleaseIfLarge(n * sizeof(int));
        Array.Resize(ref _count, n);
        ReleaseIfLarge(n * sizeof(long));
        Array.Resize(ref _hash, n);
        ReleaseIfLarge(n * sizeof(uint));
    }

    /// <summary>After a large array has been replaced by a larger copy, collects the old one at once: arrays of numbers
    /// are cheap to collect, and left to the collector's own pace the copies of a vocabulary of tens of millions of
    /// words would add up to more memory than the vocabulary itself (the C tool's realloc moves pages instead).</summary>
    private static void ReleaseIfLarge(long bytes)
    {
        if (bytes >= 32L << 20) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: false);
    }

    private static int[] NewTable(int size)
    {
        var t = new int[size];
        t.AsSpan().Fill(-1);
        return t;
    }

    private void Rehash(int size)
    {
        _table = null!; // the old table can go before the new one is made
        ReleaseIfLarge(size * sizeof(int));
        _table = NewTable(size);
        _mask = size - 1;
        for (int i = 0; i < _size; i++) Insert(i, _hash[i]);
    }

    /// <summary>Empties the table and inserts the entries again, in place (after ReduceVocab dropped some).</summary>
    private void Reinsert()
    {
        _table.AsSpan().Fill(-1);
        for (int i = 0; i < _size; i++) Insert(i, _hash[i]);
    }

    private void Insert(int index, uint h)
    {
        int slot = (int)h & _mask;
        while (_table[slot] >= 0) slot = (slot + 1) & _mask;
        _table[slot] = index;
    }

    /// <summary>C's LearnVocabFromTrainFile over a stream. Progress receives the running word count every 100k words.</summary>
    public static Vocabulary Learn(Stream input, int minCount, long hashSize = DefaultHashSize, Action<long>? progress = null, CancellationToken cancellationToken = default) =>
        Learn(input, new Training.TrainingOptions { MinCount = minCount, VocabHashSize = hashSize }, progress, cancellationToken);

    /// <summary>C's LearnVocabFromTrainFile over a stream with the vocabulary settings of <paramref name="options"/>:
    /// <see cref="Training.TrainingOptions.MinCount"/>, <see cref="Training.TrainingOptions.VocabHashSize"/>,
    /// <see cref="Training.TrainingOptions.MaxVocabSize"/> (C's ReduceVocab whenever the vocabulary holds more words),
    /// <see cref="Training.TrainingOptions.MaxFinalVocab"/> and <see cref="Training.TrainingOptions.TrimRule"/>.
    /// Progress receives the running word count every 100k words.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // a loop over the whole corpus: see TrainingRun.TrainThread
    public static Vocabulary Learn(Stream input, Training.TrainingOptions options, Action<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var vocab = new Vocabulary(options.VocabHashSize)
        {
            _maxWords = options.MaxVocabSize ?? long.MaxValue,
            _trimRule = options.TrimRule,
        };
        vocab.Add(WordReader.SentenceEnd);
        long trainWords = 0;
        using var reader = new WordReader(input, ownsStream: false);
        while (reader.ReadWord(out var word))
        {
            trainWords++;
            if (trainWords % 100000 == 0)
            {
                progress?.Invoke(trainWords);
                cancellationToken.ThrowIfCancellationRequested();
            }
            vocab.CountWord(word);
        }
        vocab.Sort(options.MinCount, options.MaxFinalVocab);
        return vocab;
    }

    /// <summary>Writes the vocabulary to <paramref name="path"/> in the C format (<c>-save-vocab</c>): a regular file is
    /// replaced atomically, a device, FIFO or <c>/dev/stdout</c> is written through.</summary>
    public void Save(string path, CancellationToken cancellationToken = default) => OutputFile.Write(path, Save, cancellationToken);

    /// <summary>Writes the vocabulary in the C format: "word count\n" per entry.</summary>
    public void Save(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        Span<byte> num = stackalloc byte[24];
        for (int i = 0; i < _size; i++)
        {
            output.Write(Word(i));
            output.WriteByte((byte)' ');
            _count[i].TryFormat(num, out int n, default, System.Globalization.CultureInfo.InvariantCulture);
            output.Write(num[..n]);
            output.WriteByte((byte)'\n');
        }
    }

    /// <summary>Counts must stay below this: word2vec's CreateBinaryTree gives the inner nodes it has not built yet
    /// this count, and a leaf as large as that walks its two positions off the end of the arrays.</summary>
    internal const long MaxCount = 1_000_000_000_000_000 - 1;

    /// <summary>C's ReadVocab: "word count" entries in the C format, then SortVocab with <paramref name="minCount"/>.
    /// The count is a decimal number as <c>fscanf("%lld%c")</c> reads it (blanks, an optional sign, any number of
    /// digits, leading zeros included), then a newline (a '\r' before it is allowed) or the end of the file.
    /// A malformed file, and a count outside 0..<see cref="MaxCount"/>, raises <see cref="Word2VecException"/>.</summary>
    public static Vocabulary Read(Stream input, int minCount, long hashSize = DefaultHashSize, string? name = null) =>
        Read(input, new Training.TrainingOptions { MinCount = minCount, VocabHashSize = hashSize }, name);

    /// <summary>C's ReadVocab as <see cref="Read(Stream, int, long, string?)"/>, then SortVocab with the settings of
    /// <paramref name="options"/> that apply to a finished vocabulary: <see cref="Training.TrainingOptions.MinCount"/>,
    /// <see cref="Training.TrainingOptions.MaxFinalVocab"/> and <see cref="Training.TrainingOptions.TrimRule"/>
    /// (<see cref="Training.TrainingOptions.MaxVocabSize"/> limits counting, and a read vocabulary is not counted).</summary>
    public static Vocabulary Read(Stream input, Training.TrainingOptions options, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        name ??= "vocabulary file";
        var vocab = new Vocabulary(options.VocabHashSize) { _trimRule = options.TrimRule };
        using var reader = new WordReader(input, ownsStream: false);
        long line = 0;
        while (reader.ReadWord(out var word))
        {
            line++;
            int i = vocab.Search(word);
            if (i >= 0) Throw.Input($"{name} is malformed: word '{Printable(word)}' appears twice (entry {line})");
            i = vocab.Add(word);
            // fscanf("%lld%c"): optional blanks, a number, then one character.
            int b;
            while ((b = reader.ReadByte()) == ' ' || b == '\t') { }
            bool negative = b == '-';
            if (b == '-' || b == '+') b = reader.ReadByte();
            int digits = 0;
            long count = 0;
            bool tooLarge = false;
            for (; b >= '0' && b <= '9'; b = reader.ReadByte(), digits++)
            {
                if (tooLarge) continue;
                count = count * 10 + (b - '0');
                tooLarge = count > MaxCount;
            }
            if (b == '\r') b = reader.ReadByte();
            if (digits == 0 || (negative && count != 0))
                Throw.Input($"{name} is malformed: entry {line} ('{Printable(vocab.Word(i))}') has no valid count");
            if (tooLarge)
                Throw.Input($"{name} is malformed: the count of entry {line} ('{Printable(vocab.Word(i))}') is {MaxCount + 1} or more, more than word2vec can build its Huffman tree with");
            if (b != '\n' && b != -1) Throw.Input($"{name} is malformed: unexpected text after the count of entry {line} ('{Printable(vocab.Word(i))}')");
            vocab._count[i] = count;
        }
        if (vocab.Count == 0) Throw.Input($"{name} is empty");
        vocab.Sort(options.MinCount, options.MaxFinalVocab);
        return vocab;
    }

    /// <summary>Bytes from a file (a word, a number) as they may appear in a one-line message: valid UTF-8 as it is;
    /// control characters, invisible format and line-separator characters, invalid UTF-8 and the backslash
    /// escaped as <c>\xNN</c> (<c>\\</c>); at most <paramref name="maxBytes"/> bytes, then "...".</summary>
    internal static string Printable(ReadOnlySpan<byte> bytes, int maxBytes = 60)
    {
        var sb = new StringBuilder(Math.Min(bytes.Length, maxBytes) + 8);
        int i = 0;
        while (i < bytes.Length && i < maxBytes)
        {
            bool decoded = Rune.DecodeFromUtf8(bytes[i..], out Rune r, out int used) == System.Buffers.OperationStatus.Done;
            used = Math.Max(used, 1);
            if (decoded && r.Value == '\\') sb.Append(@"\\");
            else if (decoded && !Hidden(r)) sb.Append(r.ToString());
            else foreach (byte x in bytes.Slice(i, used)) sb.Append(@"\x").Append(x.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            i += used;
        }
        if (i < bytes.Length) sb.Append("...");
        return sb.ToString();

        static bool Hidden(Rune r) => Rune.IsControl(r) || Rune.GetUnicodeCategory(r) is System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
    }

    /// <summary>The words as strings (UTF-8 decoded; invalid bytes become U+FFFD). For display and tests.</summary>
    public IReadOnlyList<string> Words()
    {
        var list = new string[_size];
        for (int i = 0; i < _size; i++) list[i] = WordString(i);
        return list;
    }

    /// <summary>Builds a vocabulary from words and counts already in C order (no sorting, no pruning).</summary>
    public static Vocabulary FromEntries(IEnumerable<(byte[] Word, long Count)> entries)
    {
        var v = new Vocabulary();
        long total = 0;
        foreach (var (w, c) in entries)
        {
            int i = v.Add(w);
            v._count[i] = c;
            total = AddCount(total, c);
        }
        v.TrainWords = total;
        return v;
    }

    /// <summary>The running total of the words' counts (train_words), which must fit in 64 bits: C's total wraps to a
    /// negative number there and its learning rate with it.</summary>
    private static long AddCount(long total, long count) => count > long.MaxValue - total
        ? throw new Word2VecException("the words' counts add up to more than 9223372036854775807")
        : total + count;
}
