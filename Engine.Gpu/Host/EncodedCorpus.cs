using Word2VecNative.Training;

namespace Word2VecNative.Gpu.Host;

/// <summary>
/// The corpus as word indices, made once for the whole run: the known words of the file in order, without the
/// sentence ends, cut into segments as the engine cuts sentences (<see cref="TrainingSetup.ReadSentences"/>: at each
/// newline and after <see cref="DeviceTables.MaxSentenceLength"/> words), each with the learning-rate clock before it (the known
/// words, sentence ends included, that come before it in an epoch: C's word_count).
/// </summary>
internal sealed class EncodedCorpus
{
    public EncodedCorpus(ArraySegment<int> words, long[] segmentStart, long[] segmentClock, long wordsPerEpoch)
    {
        Words = words;
        SegmentStart = segmentStart;
        SegmentClock = segmentClock;
        WordsPerEpoch = wordsPerEpoch;
    }

    /// <summary>The known words, segment after segment (for a device's share, a stretch of the whole corpus's array,
    /// not a copy).</summary>
    public ArraySegment<int> Words { get; }

    /// <summary>Segment s is Words[SegmentStart[s]..SegmentStart[s + 1]]; one entry more than there are segments.</summary>
    public long[] SegmentStart { get; }

    /// <summary>The learning-rate clock at the start of each segment, within an epoch.</summary>
    public long[] SegmentClock { get; }

    /// <summary>Known words in one pass over the file, sentence ends included (the clock at the end of an epoch).</summary>
    public long WordsPerEpoch { get; }

    public int Segments => SegmentStart.Length - 1;

    public int Length(int segment) => (int)(SegmentStart[segment + 1] - SegmentStart[segment]);
}
