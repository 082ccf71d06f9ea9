using System.Globalization;
using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// gensim's evaluate_word_pairs (KeyedVectors, gensim 4): lines of <c>word1 DELIM word2 DELIM score</c> read as UTF-8
/// (a line ends at \n, \r or \r\n, as Python's universal newlines); a line starting with '#' is a comment; a line
/// that does not split into exactly three fields, or whose score is not a number (Python's <c>float()</c>: blanks
/// around it allowed), is skipped. Words are compared as they are (no trimming), upper-cased first when case does not
/// count, as Python's <c>str.upper</c> does it (<see cref="PythonCase"/>: ß becomes SS, as in gensim). The
/// vocabulary looked at is the first <c>restrictVocab</c> words; of several that match, the first wins. The model's
/// similarity of a pair is the cosine of its words' unit vectors (<see cref="WordVectors.Similarity"/>).
/// </summary>
internal static class WordPairsEvaluator
{
    public static WordPairsReport Evaluate(WordVectors vectors, Stream input, int restrictVocab, bool caseInsensitive, bool dummy4Unknown, char delimiter, string name)
    {
        int words = restrictVocab > 0 ? Math.Min(restrictVocab, vectors.Count) : vectors.Count;
        var vocab = new Dictionary<string, int>(words, StringComparer.Ordinal);
        for (int i = 0; i < words; i++)
        {
            string w = vectors.Word(i);
            vocab.TryAdd(caseInsensitive ? PythonCase.Upper(w) : w, i);
        }

        var gold = new List<double>();
        var model = new List<double>();
        int unknown = 0;
        var reader = new StreamReader(input, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: false, 1 << 16);
        var store = vectors.Store;
        using var lease = store.Acquire();
        var u1 = new float[store.Size];
        var u2 = new float[store.Size];
        while (ReadLine(reader, name) is { } line)
        {
            if (line.StartsWith('#')) continue;
            var fields = line.Split(delimiter);
            if (fields.Length != 3 || !TryParseScore(fields[2], out double score)) continue;
            string a = fields[0], b = fields[1];
            if (caseInsensitive)
            {
                a = PythonCase.Upper(a);
                b = PythonCase.Upper(b);
            }
            if (!vocab.TryGetValue(a, out int ia) || !vocab.TryGetValue(b, out int ib))
            {
                unknown++;
                if (dummy4Unknown)
                {
                    gold.Add(score);
                    model.Add(0.0);
                }
                continue;
            }
            store.Unit(ia, u1);
            store.Unit(ib, u2);
            gold.Add(score);
            model.Add(VectorOps.Dot(u1, u2));
        }
        int n = gold.Count;
        if (n < 2)
            Throw.Input($"{name} holds {(n == 0 ? "no usable word pairs" : "only one usable word pair")} ({unknown} with unknown words); correlations need at least two");
        var (pearson, pearsonP) = Correlation.Pearson(gold.ToArray(), model.ToArray());
        var (spearman, spearmanP) = Correlation.Spearman(gold.ToArray(), model.ToArray());
        double oovRatio = dummy4Unknown ? (double)unknown / n * 100 : (double)unknown / (n + unknown) * 100;
        return new WordPairsReport(pearson, pearsonP, spearman, spearmanP, n, unknown, oovRatio);
    }

    private static string? ReadLine(StreamReader reader, string name)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (DecoderFallbackException)
        {
            throw new Word2VecException($"{name} is not valid UTF-8");
        }
    }

    /// <summary>Python's <c>float()</c> on a field: a decimal number, <c>inf</c>, <c>infinity</c> or <c>nan</c> in any
    /// case with an optional sign, blanks around it allowed.</summary>
    internal static bool TryParseScore(string field, out double value)
    {
        var s = field.AsSpan().Trim();
        if (s.Length > 0 && (char.IsAsciiDigit(s[^1]) || s[^1] == '.'))
            return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        var t = s.Length > 0 && (s[0] == '-' || s[0] == '+') ? s[1..] : s;
        bool negative = s.Length > 0 && s[0] == '-';
        if (t.Equals("inf", StringComparison.OrdinalIgnoreCase) || t.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }
        if (t.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }
        value = 0;
        return false;
    }
}
