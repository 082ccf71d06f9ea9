namespace Word2VecNative.Gpu.Training;

/// <summary>Sentences of word indices bound for the device, in pinned arrays so that copies can run asynchronously.</summary>
internal sealed class SentenceBatch
{
    public SentenceBatch(int maxWords, int maxSentences)
    {
        Words = GC.AllocateUninitializedArray<int>(maxWords, pinned: true);
        Offsets = GC.AllocateUninitializedArray<int>(maxSentences + 1, pinned: true);
        ReadBefore = GC.AllocateUninitializedArray<int>(maxSentences, pinned: true);
        Offsets[0] = 0;
    }

    /// <summary>The kept words of all sentences, back to back.</summary>
    public int[] Words { get; }

    /// <summary>Sentence s is Words[Offsets[s]..Offsets[s + 1]].</summary>
    public int[] Offsets { get; }

    /// <summary>Words read from the file (subsampled ones included) in this batch before sentence s: the learning rate's clock.</summary>
    public int[] ReadBefore { get; }

    public int Sentences { get; set; }

    public int WordCount => Offsets[Sentences];

    /// <summary>Words read from the file for this batch, as C's word_count counts them.</summary>
    public long WordsRead { get; set; }

    /// <summary>Index of the first sentence in the whole run (seeds the per-sentence generators).</summary>
    public long FirstSentence { get; set; }

    public int FreeWords => Words.Length - WordCount;

    public bool Full => Sentences == ReadBefore.Length || FreeWords < Word2VecNative.Training.TrainingRun.MaxSentenceLength;

    public void Clear()
    {
        Sentences = 0;
        WordsRead = 0;
    }

    /// <summary>Appends a sentence whose words were read after <paramref name="readBefore"/> words of this batch.</summary>
    public void Add(ReadOnlySpan<int> sentence, int readBefore)
    {
        int at = WordCount;
        sentence.CopyTo(Words.AsSpan(at));
        ReadBefore[Sentences] = readBefore;
        Offsets[++Sentences] = at + sentence.Length;
    }
}
