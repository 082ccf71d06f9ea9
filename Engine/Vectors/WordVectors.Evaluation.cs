namespace Word2VecNative.Vectors;

// Benchmarks: analogy questions (compute-accuracy) and word-pair similarity judgements (gensim's evaluate_word_pairs).
public sealed partial class WordVectors
{
    /// <summary>Accuracy on an analogy questions file (questions-words.txt layout), with the C compute-accuracy
    /// program's semantics and figures; <paramref name="threshold"/> &gt; 0 uses only the first words, as its
    /// threshold argument does. A missing file is a <see cref="FileNotFoundException"/>.
    /// <para><paramref name="skipCaseVariants"/> picks each answer as gensim's evaluate_word_analogies does: a word whose
    /// upper-case form is one of the question's words ("Paris" when "paris" is asked) is passed over, where
    /// compute-accuracy skips only the question words' own rows and so answers with the variant, which is then wrong.
    /// The questions are still read and upper-cased as compute-accuracy reads them (bytes, ASCII letters).</para></summary>
    public AnalogyReport EvaluateAnalogies(string questionsPath, int threshold = 0, bool skipCaseVariants = false)
    {
        using var fs = OpenInput(questionsPath, "questions file");
        return EvaluateAnalogies(fs, threshold, skipCaseVariants: skipCaseVariants);
    }

    /// <summary>Accuracy on analogy questions read (as bytes, like the C program's <c>scanf</c>) from
    /// <paramref name="questions"/>; when <paramref name="log"/> is given, the lines the C compute-accuracy program
    /// prints are written to it as the sections complete, byte for byte. Without a log, a text without questions
    /// is a <see cref="Word2VecException"/>. <paramref name="skipCaseVariants"/>: gensim's rule for the answer (see
    /// <see cref="EvaluateAnalogies(string, int, bool)"/>).</summary>
    public AnalogyReport EvaluateAnalogies(Stream questions, int threshold = 0, TextWriter? log = null, bool skipCaseVariants = false)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        using var lease = _store.Acquire();
        return AnalogyEvaluator.Evaluate(this, questions, threshold, log, skipCaseVariants);
    }

    /// <summary>
    /// gensim's evaluate_word_pairs: how well the cosine similarities of word pairs agree with human judgements, on a
    /// file of "word1 TAB word2 TAB score" lines (WordSim-353, SimLex-999 and the like; lines starting with '#' are
    /// comments, other lines without exactly three fields or with a score that is not a number are skipped). Only the
    /// first <paramref name="restrictVocab"/> words are looked at (0: all), the first of them winning where several
    /// match; <paramref name="caseInsensitive"/> compares upper-cased words. A pair with a word outside those is
    /// unknown: skipped, or counted with similarity 0 when <paramref name="dummy4Unknown"/> is set. A missing file is a
    /// <see cref="FileNotFoundException"/>; a file with fewer than two usable pairs, or not UTF-8, a
    /// <see cref="Word2VecException"/>.
    /// </summary>
    public WordPairsReport EvaluateWordPairs(string pairsPath, int restrictVocab = 300_000, bool caseInsensitive = true, bool dummy4Unknown = false, char delimiter = '\t')
    {
        using var fs = OpenInput(pairsPath, "word pairs file");
        return EvaluateWordPairs(fs, restrictVocab, caseInsensitive, dummy4Unknown, delimiter, pairsPath);
    }

    /// <summary>gensim's evaluate_word_pairs on pairs read from a stream (see
    /// <see cref="EvaluateWordPairs(string, int, bool, bool, char)"/>); <paramref name="name"/> names it in errors.</summary>
    public WordPairsReport EvaluateWordPairs(Stream pairs, int restrictVocab = 300_000, bool caseInsensitive = true, bool dummy4Unknown = false, char delimiter = '\t', string name = "word pairs stream")
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentOutOfRangeException.ThrowIfNegative(restrictVocab);
        using var lease = _store.Acquire();
        return WordPairsEvaluator.Evaluate(this, pairs, restrictVocab, caseInsensitive, dummy4Unknown, delimiter, name);
    }

    private static FileStream OpenInput(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{what} {path} not found", path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"cannot read {what} {path}: {e.Message}", e);
        }
    }
}
