using Word2VecNative.Text;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Phrases;

/// <summary>
/// word2phrase.c as a library: <see cref="Learn"/> counts the words and bigrams of a corpus ("a_b", cut to 179 bytes,
/// bigrams running across line ends as in C) and sorts and prunes them with the program's own loop (which also
/// drops row 0 and, when every word passes min-count, the last one); <see cref="Write(TrainingCorpus, Stream, float, Action{long}?, CancellationToken)"/>
/// then copies a corpus joining each pair of words whose score <c>(pab - min_count) / pa / pb * train_words</c>,
/// in float arithmetic, exceeds the threshold, with the same bytes as the C program. Run it on its own output to
/// form phrases of three and four words.
/// </summary>
public sealed class PhraseModel
{
    /// <summary>word2phrase.c's vocab_hash_size: the counts are reduced when they hold 70% of this many entries.</summary>
    public const long DefaultHashSize = 500_000_000;

    private const int BigramMax = WordReader.Word2PhraseMaxString - 1;

    private readonly Vocabulary _vocabulary;
    private readonly bool[] _findable;

    private PhraseModel(Vocabulary vocabulary, bool[] findable, long trainWords, long size, int minCount)
    {
        _vocabulary = vocabulary;
        _findable = findable;
        TrainWords = trainWords;
        VocabularySize = size;
        MinCount = minCount;
    }

    /// <summary>Words read (C's train_words; line ends not counted).</summary>
    public long TrainWords { get; }

    /// <summary>Unigrams and bigrams kept, as the program prints "Vocab size (unigrams + bigrams)".</summary>
    public long VocabularySize { get; }

    /// <summary>The min-count the counts were pruned with; also the discount of the score.</summary>
    public int MinCount { get; }

    /// <summary>Counts words and bigrams of <paramref name="corpus"/> (the program's LearnVocabFromTrainFile).
    /// <paramref name="progress"/> receives (words read, entries counted) every 100,000 words.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // a loop over the whole corpus: see TrainingRun.TrainThread
    public static PhraseModel Learn(TrainingCorpus corpus, int minCount = 5, Action<long, int>? progress = null,
        long hashSize = DefaultHashSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentOutOfRangeException.ThrowIfLessThan(hashSize, 2);
        var vocab = new Vocabulary(hashSize);
        vocab.Add(WordReader.SentenceEnd);
        long trainWords = 0;
        // word2phrase never initialises last_word before its first bigram; here it is empty.
        var last = new byte[WordReader.Word2PhraseMaxString];
        int lastLen = 0;
        var bigram = new byte[2 * WordReader.Word2PhraseMaxString];
        using (var reader = new WordReader(corpus.Open(cancellationToken), WordReader.Word2PhraseMaxString))
        {
            while (reader.ReadWord(out var word))
            {
                if (word.SequenceEqual(WordReader.SentenceEnd)) continue;
                trainWords++;
                if (trainWords % 100000 == 0)
                {
                    progress?.Invoke(trainWords, vocab.Count);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                Count(vocab, word);
                int n = Bigram(last.AsSpan(0, lastLen), word, bigram);
                word.CopyTo(last);
                lastLen = word.Length;
                Count(vocab, bigram.AsSpan(0, n));
                if (vocab.Count > hashSize * 0.7) vocab.Reduce();
            }
        }
        vocab.Sort(int.MinValue);
        // SortVocab's loop: a row below min_count shrinks vocab_size instead of being skipped.
        var findable = new bool[vocab.Count];
        long size = vocab.Count;
        for (int i = 0; i < size; i++)
        {
            if (vocab.Frequency(i) < minCount) size--;
            else findable[i] = true;
        }
        return new PhraseModel(vocab, findable, trainWords, size, minCount);
    }

    /// <summary>How often a word or a bigram ("a_b") was counted, or -1 where the program cannot find it.</summary>
    public long Count(ReadOnlySpan<byte> word)
    {
        int i = _vocabulary.Search(word);
        return i >= 0 && _findable[i] ? _vocabulary.Frequency(i) : -1;
    }

    /// <summary>Copies <paramref name="corpus"/> to <paramref name="output"/>, joining the pairs that score above
    /// <paramref name="threshold"/> with '_'. <paramref name="wordsWritten"/> receives the count every 100,000 words.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // a loop over the whole corpus: see TrainingRun.TrainThread
    public void Write(TrainingCorpus corpus, Stream output, float threshold = 100, Action<long>? wordsWritten = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(output);
        var o = new BufferedStream(output, 1 << 20);
        long pa = 0, pb = 0, pab = 0, cn = 0, li = -1;
        int minCount = MinCount;
        var word = new byte[WordReader.Word2PhraseMaxString];
        int wordLen = 0;
        var last = new byte[WordReader.Word2PhraseMaxString];
        var bigram = new byte[2 * WordReader.Word2PhraseMaxString];
        using var reader = new WordReader(corpus.Open(cancellationToken), WordReader.Word2PhraseMaxString);
        while (true)
        {
            word.AsSpan(0, wordLen).CopyTo(last);
            int lastLen = wordLen;
            if (!reader.ReadWord(out var w)) break;
            w.CopyTo(word);
            wordLen = w.Length;
            var cur = word.AsSpan(0, wordLen);
            if (cur.SequenceEqual(WordReader.SentenceEnd))
            {
                o.WriteByte((byte)'\n');
                continue;
            }
            cn++;
            if (cn % 100000 == 0)
            {
                wordsWritten?.Invoke(cn);
                cancellationToken.ThrowIfCancellationRequested();
            }
            bool oov = false;
            long c = Count(cur);
            if (c < 0) oov = true; else pb = c;
            if (li == -1) oov = true;
            li = c < 0 ? -1 : 0;
            int n = Bigram(last.AsSpan(0, lastLen), cur, bigram);
            c = Count(bigram.AsSpan(0, n));
            if (c < 0) oov = true; else pab = c;
            if (pa < minCount) oov = true;
            if (pb < minCount) oov = true;
            float score = oov ? 0 : (pab - minCount) / (float)pa / (float)pb * (float)TrainWords;
            if (score > threshold)
            {
                o.WriteByte((byte)'_');
                pb = 0;
            }
            else o.WriteByte((byte)' ');
            o.Write(cur);
            pa = pb;
        }
        o.Flush();
    }

    /// <summary>Writes the phrased corpus to <paramref name="path"/> as the trainer writes its outputs (a regular file
    /// is replaced atomically; a device, FIFO or <c>/dev/stdout</c> is written through).</summary>
    public void Write(TrainingCorpus corpus, string path, float threshold = 100, Action<long>? wordsWritten = null, CancellationToken cancellationToken = default) =>
        OutputFile.Write(path, s => Write(corpus, s, threshold, wordsWritten, cancellationToken), cancellationToken);

    private static void Count(Vocabulary vocab, ReadOnlySpan<byte> word)
    {
        int i = vocab.Search(word);
        if (i == -1) vocab.SetCount(vocab.Add(word), 1);
        else vocab.AddCount(i, 1);
    }

    /// <summary>sprintf("%s_%s") cut to MAX_STRING - 1 bytes.</summary>
    private static int Bigram(ReadOnlySpan<byte> last, ReadOnlySpan<byte> word, Span<byte> dest)
    {
        last.CopyTo(dest);
        dest[last.Length] = (byte)'_';
        word.CopyTo(dest[(last.Length + 1)..]);
        return Math.Min(last.Length + 1 + word.Length, BigramMax);
    }
}
