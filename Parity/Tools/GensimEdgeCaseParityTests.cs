using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Parity.Tools;

/// <summary>Edge cases answered as gensim answers them, on the same small files: topN = 0, evaluate_word_pairs'
/// case folding (Python's str.upper, checked for every code point too), and evaluate_word_analogies' rule for case
/// variants (<c>skipCaseVariants</c>).</summary>
public sealed class GensimEdgeCaseParityTests
{
    private const string Script = """
        import json, sys, logging
        logging.disable(logging.CRITICAL)
        from gensim.models import KeyedVectors
        kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
        pairs = kv.evaluate_word_pairs(sys.argv[2])
        score, sections = kv.evaluate_word_analogies(sys.argv[3])
        upper = {}
        for c in range(0x110000):
            if 0xD800 <= c <= 0xDFFF: continue
            u = chr(c).upper()
            if u != chr(c): upper[c] = u
        print(json.dumps({
            'top0': kv.most_similar('b', topn=0), 'top0pn': kv.most_similar(positive=['b', 'c'], negative=['a'], topn=0),
            'pairs': [float(pairs[0][0]), float(pairs[1][0]), float(pairs[2])],
            'analogies': [[len(s['correct']), len(s['correct']) + len(s['incorrect'])] for s in sections],
            'upper': upper}))
        """;

    [Test]
    public void EdgeCases_AnswerAsGensim()
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("gensim-edge-");
        // b's case variant "B" lies nearest to b - a + c; "straße", "ﬁsh" and "ıi" change length or letter under str.upper.
        string[] words = ["a", "b", "c", "d", "B", "straße", "ﬁsh", "ıi", "king"];
        float[] values = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, -0.9f, 1, 0.9f, 0.3f, 0.2f, 0.1f, 0.1f, 0.5f, 0.2f, 0.7f, 0.1f, 0.4f, 0.2f, 0.2f, 0.9f];
        string bin = Path.Combine(dir, "vec.bin");
        using (var fs = File.Create(bin))
            VectorFileWriter.Write(fs, words.Select(Encoding.UTF8.GetBytes).ToArray(), values, 3, binary: true);
        string pairs = Path.Combine(dir, "pairs.tsv");
        File.WriteAllText(pairs, "STRASSE\tking\t1\nFish\tc\t2\nii\tking\t3\nking\td\t4\nStraße\tFISH\t5\na\tnope\t1\n", new UTF8Encoding(false));
        string analogies = Path.Combine(dir, "analogies.txt");
        File.WriteAllText(analogies, ": s\na b c d\nb a c king\n");
        using var g = JsonDocument.Parse(Gensim.Run(dir, Script, bin, pairs, analogies));
        var root = g.RootElement;
        var v = WordVectors.Load(bin);

        Assert.That(root.GetProperty("top0").GetArrayLength(), Is.Zero);
        Assert.That(root.GetProperty("top0pn").GetArrayLength(), Is.Zero);
        Assert.That(v.MostSimilar("b", 0), Is.Empty);
        Assert.That(v.MostSimilar(["b", "c"], ["a"], 0), Is.Empty);

        var report = v.EvaluateWordPairs(pairs);
        var expected = root.GetProperty("pairs");
        Assert.That(report.Pearson, Is.EqualTo(expected[0].GetDouble()).Within(1e-6));
        Assert.That(report.Spearman, Is.EqualTo(expected[1].GetDouble()).Within(1e-6));
        Assert.That(report.OovRatio, Is.EqualTo(expected[2].GetDouble()).Within(1e-9));

        // gensim's sections, then its total; ours per section.
        var theirs = root.GetProperty("analogies").EnumerateArray().Select(s => (s[0].GetInt32(), s[1].GetInt32())).ToArray();
        var ours = v.EvaluateAnalogies(analogies, skipCaseVariants: true);
        Assert.That(ours.Sections.Select(s => (s.Correct, s.Seen)), Is.EqualTo(theirs[..^1]));
        Assert.That(v.EvaluateAnalogies(analogies).Sections[0].Correct, Is.LessThan(theirs[0].Item1), "compute-accuracy's rule answers with the variant");

        var upper = root.GetProperty("upper").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetString()!);
        int differ = 0;
        for (int c = 0; c < 0x110000; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            string s = char.ConvertFromUtf32(c);
            string python = upper.TryGetValue(c, out var u) ? u : s;
            if (PythonCase.Upper(s) != python && differ++ < 10) TestContext.Out.WriteLine($"U+{c:X4}: ours {PythonCase.Upper(s)}, Python {python}");
        }
        Assert.That(differ, Is.Zero, "code points upper-cased otherwise than by Python's str.upper");
    }
}
