using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Training;

/// <summary>
/// A corpus read as word2vec.c's training threads read it: words are looked up in the vocabulary and unknown ones
/// skipped, every known word is counted (C's <c>word_count</c>, <c>&lt;/s&gt;</c> included), <c>&lt;/s&gt;</c> ends
/// a sentence, frequent words are down-sampled with the caller's generator, and a sentence holds at most
/// <see cref="MaxSentenceLength"/> kept words. Every backend reads its sentences here.
/// </summary>
internal sealed class SentenceReader : IDisposable
{
    /// <summary>word2vec.c's MAX_SENTENCE_LENGTH.</summary>
    public const int MaxSentenceLength = 1000;

    private readonly WordReader _reader;
    private readonly Vocabulary _vocabulary;
    private readonly Subsampler? _subsampler;

    /// <summary>Reads <paramref name="corpus"/> from its current position; <paramref name="subsampler"/> null means no
    /// down-sampling.</summary>
    public SentenceReader(Stream corpus, Vocabulary vocabulary, Subsampler? subsampler, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(vocabulary);
        _reader = new WordReader(corpus, ownsStream: ownsStream);
        _vocabulary = vocabulary;
        _subsampler = subsampler;
    }

    /// <summary>Checked every 65,536 unknown words skipped, so that a corpus (or a thread's share of it) holding none
    /// of the vocabulary's words cannot keep one <see cref="Read"/> from noticing a cancellation.</summary>
    internal CancellationToken Cancellation { get; init; }

    /// <summary>Known words read since the last <see cref="Seek"/> (or the start), <c>&lt;/s&gt;</c> and down-sampled
    /// words included: C's <c>word_count</c>, the clock of the learning rate.</summary>
    public long WordsRead { get; private set; }

    /// <summary>True once a read has met the end of the corpus (C's <c>feof</c>).</summary>
    public bool EndOfFile => _reader.EndOfFile;

    /// <summary>Moves to byte <paramref name="offset"/> (C's fseek: the next word may start inside one) and
    /// restarts <see cref="WordsRead"/>.</summary>
    public void Seek(long offset)
    {
        _reader.Seek(offset);
        WordsRead = 0;
    }

    /// <summary>Reads the next sentence into <paramref name="sentence"/> (at least <see cref="MaxSentenceLength"/>
    /// long) and returns how many words were kept; 0 for an empty sentence or at the end of the corpus
    /// (see <see cref="EndOfFile"/>). Down-sampling advances <paramref name="random"/> once per known word.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization
        | System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public int Read(Span<int> sentence, ref CRandom random)
    {
        if (sentence.Length < MaxSentenceLength) Throw.Argument(nameof(sentence), $"the buffer must hold {MaxSentenceLength} words");
        var vocabulary = _vocabulary;
        var subsampler = _subsampler;
        int length = 0;
        long read = WordsRead;
        int skipped = 0;
        while (_reader.ReadWord(out var w))
        {
            int word = vocabulary.Search(w);
            if (word == -1)
            {
                if ((++skipped & 0xFFFF) == 0) Cancellation.ThrowIfCancellationRequested();
                continue;
            }
            read++;
            if (word == 0) break;
            if (subsampler != null && !subsampler.Keep(word, ref random)) continue;
            sentence[length++] = word;
            if (length >= MaxSentenceLength) break;
        }
        WordsRead = read;
        return length;
    }

    /// <summary>Closes the corpus when this reader owns it.</summary>
    public void Dispose() => _reader.Dispose();
}
