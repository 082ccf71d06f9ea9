using System.Runtime.CompilerServices;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// The negative-sampling distribution of word2vec.c's <c>InitUnigramTable</c> (power 0.75, table_size 1e8),
/// stored compactly: for each word, the first table slot it fills (found with the C float expressions and a
/// binary search over the monotone predicate <c>a / (real)table_size &gt; d1</c>), plus a coarse bucket index.
/// <see cref="Draw"/> returns exactly <c>table[r]</c> of C's 400 MB table for every r, in about 1.6 MB plus 4 bytes a word.
/// </summary>
internal sealed class UnigramTable
{
    /// <summary>word2vec.c's <c>table_size</c>: the slots of the table C fills (1e8); a draw picks one of them.</summary>
    public const int TableSize = 100_000_000;

    /// <summary>word2vec.c's <c>power</c>: a word fills a share of the slots proportional to its count raised to 0.75.</summary>
    public const double Power = 0.75;
    private const int BucketShift = 8;

    private readonly int[] _start;      // _start[i]: first slot of word i; _start[Count] = TableSize
    private readonly int[] _bucketFirst; // word filling slot (bucket << BucketShift)

    private UnigramTable(int[] start, int[] bucketFirst)
    {
        _start = start;
        _bucketFirst = bucketFirst;
    }

    /// <summary>Number of words that own at least one slot.</summary>
    public int Count => _start.Length - 1;

    /// <summary>The table of a vocabulary's counts, in its order (C's <c>InitUnigramTable</c>).</summary>
    public static UnigramTable Build(Vocabulary vocabulary) => Build(vocabulary.Counts);

    /// <summary>The table C's <c>InitUnigramTable</c> fills from <paramref name="counts"/> in vocabulary order
    /// (entry 0, <c>&lt;/s&gt;</c>, first); an empty span is an <see cref="ArgumentException"/>.</summary>
    public static UnigramTable Build(ReadOnlySpan<long> counts)
    {
        int vocabSize = counts.Length;
        if (vocabSize < 1) Throw.Argument(nameof(counts), "the vocabulary is empty");
        float power = (float)Power; // C's real power = 0.75
        long trainWordsPow = 0;
        for (int a = 0; a < vocabSize; a++) trainWordsPow = (long)(trainWordsPow + Math.Pow(counts[a], power));
        double denominator = (float)trainWordsPow;
        var starts = new List<int>(vocabSize + 1) { 0 };
        float d1 = (float)(Math.Pow(counts[0], power) / denominator);
        int lo = 0;
        for (int i = 0; i < vocabSize - 1; i++)
        {
            // first a >= lo with (float)a / 1e8f > d1
            int hi = TableSize; // exclusive; TableSize means "never"
            int l = lo, h = hi;
            while (l < h)
            {
                int mid = l + ((h - l) >> 1);
                if ((float)mid / (float)TableSize > d1) h = mid; else l = mid + 1;
            }
            if (l >= TableSize - 1) break; // word i fills the table to its end
            lo = l + 1;
            starts.Add(lo);
            d1 = (float)(d1 + Math.Pow(counts[i + 1], power) / denominator);
        }
        starts.Add(TableSize);
        var start = starts.ToArray();
        int words = start.Length - 1;
        var bucketFirst = new int[(TableSize >> BucketShift) + 2];
        int w = 0;
        for (int b = 0; b < bucketFirst.Length; b++)
        {
            long slot = (long)b << BucketShift;
            while (w + 1 < words && start[w + 1] <= slot) w++;
            bucketFirst[b] = w;
        }
        return new UnigramTable(start, bucketFirst);
    }

    /// <summary>First table slot of each word, plus <see cref="TableSize"/> at the end (<see cref="DeviceTables.UnigramStarts"/>).</summary>
    public ReadOnlySpan<int> Starts => _start;

    /// <summary>For each bucket of 2^<see cref="BucketBits"/> slots, the word filling its first slot (<see cref="DeviceTables.UnigramBuckets"/>).</summary>
    public ReadOnlySpan<int> BucketFirst => _bucketFirst;

    /// <summary>log2 of the slots per bucket of <see cref="BucketFirst"/>.</summary>
    public const int BucketBits = BucketShift;

    /// <summary>C's <c>table[r]</c> for a slot r in [0, TableSize).</summary>
    public int this[long slot]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int b = (int)(slot >> BucketShift);
            int lo = _bucketFirst[b], hi = _bucketFirst[b + 1];
            // largest w in [lo, hi] with start[w] <= slot
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >> 1;
                if (_start[mid] <= slot) lo = mid; else hi = mid - 1;
            }
            return lo;
        }
    }

    /// <summary>The negative word C draws for a random state: <c>table[(next_random &gt;&gt; 16) % table_size]</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Draw(ulong nextRandom) => this[(long)((nextRandom >> 16) % TableSize)];
}
