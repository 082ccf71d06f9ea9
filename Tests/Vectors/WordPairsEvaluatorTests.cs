using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>evaluate_word_pairs' reading rules: comments, skipped lines, unknown pairs, case, restrict_vocab.</summary>
public class WordPairsEvaluatorTests
{
    private static MemoryStream Text(string s) => new(Encoding.UTF8.GetBytes(s));

    private const string Pairs = "# a comment\nking\tqueen\t9\nKing\tMan\t5.5\nparis\tfrance\t 8 \r\nrome\titaly\t7.5\n"
        + "apple\tking\t1\nman\twoman\t6\nnope\tking\t3\nbad line\nking\tqueen\tnot-a-number\na\tb\tc\td\n\n#x\ty\t1\n";

    [Test]
    public void WordPairs_Evaluate_FollowsGensimRules()
    {
        var v = VectorFixtures.Load();
        var report = v.EvaluateWordPairs(Text(Pairs));
        Assert.That(report.Pairs, Is.EqualTo(6));
        Assert.That(report.UnknownPairs, Is.EqualTo(1));
        Assert.That(report.OovRatio, Is.EqualTo(1.0 / 7 * 100), "Python's float(oov) / (n + oov) * 100");
        double[] gold = [9, 5.5, 8, 7.5, 1, 6];
        double[] model = [.. new[] { ("king", "queen"), ("king", "man"), ("paris", "france"), ("rome", "italy"), ("apple", "king"), ("man", "woman") }
            .Select(p => (double)v.Similarity(p.Item1, p.Item2))];
        Assert.That(report.Pearson, Is.EqualTo(Correlation.Pearson(gold, model).R));
        Assert.That(report.SpearmanPValue, Is.EqualTo(Correlation.Spearman(gold, model).P));

        var dummy = v.EvaluateWordPairs(Text(Pairs), dummy4Unknown: true);
        Assert.That(dummy.Pairs, Is.EqualTo(7));
        Assert.That(dummy.OovRatio, Is.EqualTo(1.0 / 7 * 100));
        Assert.That(dummy.Pearson, Is.EqualTo(Correlation.Pearson([.. gold, 3], [.. model, 0]).R));
    }

    [Test]
    public void WordPairs_CaseSensitiveAndRestrictedVocabulary_CountMoreUnknownPairs()
    {
        var v = VectorFixtures.Load();
        Assert.That(v.EvaluateWordPairs(Text(Pairs), caseInsensitive: false).UnknownPairs, Is.EqualTo(2), "King/Man");
        // The first five words: </s> king queen man woman.
        var restricted = v.EvaluateWordPairs(Text(Pairs), restrictVocab: 5);
        Assert.That(restricted.Pairs, Is.EqualTo(3));
        Assert.That(restricted.UnknownPairs, Is.EqualTo(4));
        Assert.That(v.EvaluateWordPairs(Text(Pairs.Replace('\t', ';')), delimiter: ';').Pairs, Is.EqualTo(6));
    }

    /// <summary>Case is folded as Python's str.upper folds it (full case mapping: ß to SS, the ﬁ ligature to FI,
    /// dotless ı to I), so the same pairs are found as gensim finds.</summary>
    [Test]
    public void WordPairs_CaseInsensitive_UpperCasesAsPython()
    {
        string[] words = ["straße", "ﬁsh", "ıi", "king", "queen"];
        float[] values = [1, 0, 0, 1, 1, 1, 0.5f, 0.2f, 0.3f, 0.9f];
        using var file = new MemoryStream();
        VectorFileWriter.Write(file, words.Select(Encoding.UTF8.GetBytes).ToArray(), values, 2, binary: true);
        var v = WordVectors.Load(new MemoryStream(file.ToArray()));
        var report = v.EvaluateWordPairs(Text("STRASSE\tking\t1\nFish\tqueen\t2\nii\tking\t3\nking\tqueen\t4\nStraße\tFISH\t5\n"));
        Assert.That(report.UnknownPairs, Is.Zero);
        Assert.That(report.Pairs, Is.EqualTo(5));
        Assert.That(PythonCase.Upper("Straße ﬃ ŉ ᾳ ı ǅ x"), Is.EqualTo("STRASSE FFI \u02BCN \u0391\u0399 I \u01C4 X"));
        Assert.That(PythonCase.Upper("\uD800a"), Is.EqualTo("\uD800A"), "an unpaired surrogate is kept");
    }

    [Test]
    public void WordPairs_TooFewPairsOrNotUtf8_OneClearError()
    {
        var v = VectorFixtures.Load();
        var e = Assert.Throws<Word2VecException>(() => v.EvaluateWordPairs(Text("# only\nnope\tking\t1\n"), name: "p.tsv"));
        Assert.That(e!.Message, Is.EqualTo("p.tsv holds no usable word pairs (1 with unknown words); correlations need at least two"));
        e = Assert.Throws<Word2VecException>(() => v.EvaluateWordPairs(Text("king\tqueen\t1\n")));
        Assert.That(e!.Message, Does.Contain("only one usable word pair"));
        e = Assert.Throws<Word2VecException>(() => v.EvaluateWordPairs(new MemoryStream([0x6b, 0x09, 0xff, 0x09, 0x31, 0x0a]), name: "p.tsv"));
        Assert.That(e!.Message, Is.EqualTo("p.tsv is not valid UTF-8"));
        Assert.Throws<FileNotFoundException>(() => v.EvaluateWordPairs("/nonexistent/pairs.tsv"));
        Assert.Throws<ArgumentOutOfRangeException>(() => v.EvaluateWordPairs(Text(Pairs), restrictVocab: -1));
    }

    [TestCase(" 3.5\n", 3.5)]
    [TestCase("-inf", double.NegativeInfinity)]
    [TestCase("1e-3", 0.001)]
    [TestCase("NaN", double.NaN)]
    public void WordPairs_Score_ParsesAsPythonFloat(string field, double expected)
    {
        Assert.That(WordPairsEvaluator.TryParseScore(field, out double d), Is.True);
        Assert.That(d, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("1,5")]
    [TestCase("x")]
    public void WordPairs_Score_RefusesWhatPythonRefuses(string field) =>
        Assert.That(WordPairsEvaluator.TryParseScore(field, out _), Is.False);
}
