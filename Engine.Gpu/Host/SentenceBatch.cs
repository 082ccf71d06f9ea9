namespace Word2VecNative.Gpu.Host;

/// <summary>Sentences of word indices bound for the device, with each sentence's learning rate, in pinned arrays so
/// that copies can run asynchronously.</summary>
internal sealed class SentenceBatch
{
    public SentenceBatch(int maxWords, int maxSentences)
    {
        Words = GC.AllocateUninitializedArray<int>(maxWords, pinned: true);
        Offsets = GC.AllocateUninitializedArray<int>(maxSentences + 1, pinned: true);
        Alphas = GC.AllocateUninitializedArray<float>(maxSentences, pinned: true);
        Offsets[0] = 0;
    }

    /// <summary>The kept words of all sentences, back to back.</summary>
    public int[] Words { get; }

    /// <summary>Sentence s is Words[Offsets[s]..Offsets[s + 1]].</summary>
    public int[] Offsets { get; }

    /// <summary>Learning rate of sentence s: the schedule at the words read (down-sampled ones included) before it.</summary>
    public float[] Alphas { get; }

    public int Sentences { get; set; }

    public int WordCount => Offsets[Sentences];

    /// <summary>Words read from the file for this batch, as C's word_count counts them.</summary>
    public long WordsRead { get; set; }

    /// <summary>Index of the first sentence in the whole run (seeds the per-sentence generators).</summary>
    public long FirstSentence { get; set; }

    public int FreeWords => Words.Length - WordCount;

    public bool Full => Sentences == Alphas.Length || FreeWords < Training.SentenceReader.MaxSentenceLength;

    public void Clear()
    {
        Sentences = 0;
        WordsRead = 0;
    }

    /// <summary>Appends a sentence trained at rate <paramref name="alpha"/>.</summary>
    public void Add(ReadOnlySpan<int> sentence, float alpha)
    {
        int at = WordCount;
        sentence.CopyTo(Words.AsSpan(at));
        Alphas[Sentences] = alpha;
        Offsets[++Sentences] = at + sentence.Length;
    }
}
