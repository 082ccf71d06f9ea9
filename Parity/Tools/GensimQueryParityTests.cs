using System.Text;
using System.Text.Json;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Parity.Tools;

/// <summary>The queries named after gensim's give gensim's figures on the same vectors within 1e-6:
/// evaluate_word_pairs (Pearson and Spearman with their p-values, and the OOV ratio, on a generated word-pairs file with
/// comments, mixed case and unknown words, with gensim's defaults and with its options), most_similar_cosmul,
/// n_similarity, doesnt_match, distances, closer_than/rank and get_mean_vector.</summary>
public class GensimQueryParityTests
{
    private const double Tolerance = 1e-6;

    private const string Script = """
import json, sys
from gensim.models import KeyedVectors
kv = KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)
q = json.load(open(sys.argv[3], encoding='utf8'))
def pairs(path=sys.argv[2], **kw):
    p, s, oov = kv.evaluate_word_pairs(path, **kw)
    return [float(p[0]), float(p[1]), float(s[0]), float(s[1]), float(oov)]
out = {
    'pairs': [pairs(), pairs(dummy4unknown=True), pairs(case_insensitive=False), pairs(restrict_vocab=2000), pairs(sys.argv[4])],
    'cosmul': [[[k, float(s)] for k, s in kv.most_similar_cosmul(positive=p, negative=n, topn=10)] for p, n in q['cosmul']],
    'nsim': [float(kv.n_similarity(a, b)) for a, b in q['nsim']],
    'doesnt': [kv.doesnt_match(w) for w in q['doesnt']],
    'distances': [[float(d) for d in kv.distances(w, others)] for w, others in q['distances']],
    'closer': [kv.closer_than(a, b) for a, b in q['closer']],
    'rank': [kv.rank(a, b) for a, b in q['closer']],
    'mean': [[float(x) for x in kv.get_mean_vector(w)] for w in q['mean']],
}
print(json.dumps(out))
""";

    private sealed record Queries(string[][][] Cosmul, string[][][] Nsim, string[][] Doesnt, object[][] Distances, string[][] Closer, string[][] Mean);

    [Test]
    public void GensimNamedQueries_SameFiguresAsGensim()
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("gensim-queries-");
        string bin = Path.Combine(dir, "vec.bin");
        File.WriteAllBytes(bin, RandomVectors(5000, 50));
        var v = WordVectors.Load(bin);
        var rnd = new Random(17);
        string W(int range = 3000) => v.Word(1 + rnd.Next(Math.Min(range, v.Count - 1)));

        string pairsPath = Path.Combine(dir, "pairs.tsv");
        File.WriteAllText(pairsPath, PairsFile(v, rnd, noiseOnly: false), new UTF8Encoding(false));
        // Scores that ignore the model: correlations near 0, where p-values are far from 0 and move with every digit.
        string noisePath = Path.Combine(dir, "noise.tsv");
        File.WriteAllText(noisePath, PairsFile(v, rnd, noiseOnly: true), new UTF8Encoding(false));
        var q = new Queries(
            Cosmul: [.. Enumerable.Range(0, 5).Select(i => new[] { new[] { W(), W() }, i % 2 == 0 ? new[] { W() } : [] })],
            Nsim: [.. Enumerable.Range(0, 5).Select(_ => new[] { new[] { W(), W(), W() }, new[] { W(), W() } })],
            Doesnt: [["w1", "w2", "qqzz", "W3", "Cap12"], .. Enumerable.Range(0, 4).Select(_ => new[] { W(), W(), W(), W() })],
            Distances: [.. Enumerable.Range(0, 5).Select(_ => new object[] { W(), new[] { W(), W(), W() } })],
            Closer: [.. Enumerable.Range(0, 5).Select(_ => new[] { W(), W(500) })],
            Mean: [.. Enumerable.Range(0, 5).Select(_ => new[] { W(), W(), W() })]);
        string queriesPath = Path.Combine(dir, "queries.json");
        File.WriteAllText(queriesPath, JsonSerializer.Serialize(q, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        using var g = JsonDocument.Parse(Gensim.Run(dir, Script, bin, pairsPath, queriesPath, noisePath));
        var root = g.RootElement;

        var reports = new[]
        {
            v.EvaluateWordPairs(pairsPath),
            v.EvaluateWordPairs(pairsPath, dummy4Unknown: true),
            v.EvaluateWordPairs(pairsPath, caseInsensitive: false),
            v.EvaluateWordPairs(pairsPath, restrictVocab: 2000),
            v.EvaluateWordPairs(noisePath),
        };
        for (int k = 0; k < reports.Length; k++)
        {
            var e = Doubles(root.GetProperty("pairs")[k]);
            var r = reports[k];
            double[] ours = [r.Pearson, r.PearsonPValue, r.Spearman, r.SpearmanPValue, r.OovRatio];
            for (int f = 0; f < 5; f++) Assert.That(ours[f], Is.EqualTo(e[f]).Within(Tolerance), $"word pairs, variant {k}, figure {f}");
        }
        Assert.That(reports[0].UnknownPairs, Is.GreaterThan(5));
        Assert.That(reports[3].UnknownPairs, Is.GreaterThan(reports[0].UnknownPairs));
        Assert.That(reports[4].PearsonPValue, Is.InRange(0.01, 0.99), "the noise file's p-values are far from 0");

        for (int k = 0; k < q.Cosmul.Length; k++)
        {
            var got = v.MostSimilarCosmul(q.Cosmul[k][0], q.Cosmul[k][1], 10);
            var expected = root.GetProperty("cosmul")[k].EnumerateArray().Select(p => (Word: p[0].GetString()!, Score: p[1].GetDouble())).ToArray();
            AssertSameList(got, expected, v, $"cosmul {k}");
        }
        for (int k = 0; k < q.Nsim.Length; k++)
            Assert.That(v.NSimilarity(q.Nsim[k][0], q.Nsim[k][1]), Is.EqualTo(root.GetProperty("nsim")[k].GetDouble()).Within(Tolerance), $"n_similarity {k}");
        for (int k = 0; k < q.Doesnt.Length; k++)
            Assert.That(v.DoesntMatch(q.Doesnt[k]), Is.EqualTo(root.GetProperty("doesnt")[k].GetString()), $"doesnt_match {k}");
        for (int k = 0; k < q.Distances.Length; k++)
        {
            var got = v.Distances((string)q.Distances[k][0], (string[])q.Distances[k][1]);
            Assert.That(got.Select(d => (double)d), Is.EqualTo(Doubles(root.GetProperty("distances")[k])).Within(Tolerance), $"distances {k}");
        }
        for (int k = 0; k < q.Closer.Length; k++)
        {
            string a = q.Closer[k][0], b = q.Closer[k][1];
            var ours = v.CloserThan(a, b).ToHashSet();
            var theirs = root.GetProperty("closer")[k].EnumerateArray().Select(e => e.GetString()!).ToHashSet();
            // Only words whose distance ties with b's within rounding may be on one side only.
            var all = v.Distances(a);
            float limit = all[v.IndexOf(b)];
            var differ = ours.Except(theirs).Concat(theirs.Except(ours)).ToArray();
            Assert.That(differ.Where(w => Math.Abs(all[v.IndexOf(w)] - limit) > Tolerance), Is.Empty, $"closer_than {k}");
            Assert.That(v.Rank(a, b), Is.EqualTo(root.GetProperty("rank")[k].GetInt32()).Within(differ.Length), $"rank {k}");
            Assert.That(ours.Count, Is.GreaterThan(0), $"closer_than {k} should find words");
        }
        for (int k = 0; k < q.Mean.Length; k++)
            Assert.That(v.MeanVector(q.Mean[k]).Select(x => (double)x), Is.EqualTo(Doubles(root.GetProperty("mean")[k])).Within(Tolerance), $"mean {k}");
    }

    /// <summary>Gaussian random vectors (seeded) for words "w0", "w1", ..., where every hundredth pair of rows is "CapN" and
    /// "capN" (one word once upper-cased: the first must win). Random directions keep the pairs' cosines apart: in a
    /// trained model whose vectors crowd into a narrow cone, cosines lie a few 1e-7 apart, and float32 cosines computed
    /// in another order (gensim's BLAS) rank them differently, which moves Spearman's rho by far more than 1e-6.</summary>
    private static byte[] RandomVectors(int words, int size)
    {
        var rnd = new Random(23);
        var names = Enumerable.Range(0, words).Select(i => Encoding.UTF8.GetBytes(i % 100 == 12 ? "Cap" + i : i % 100 == 13 ? "cap" + (i - 1) : "w" + i)).ToArray();
        var values = new float[words * size];
        for (int i = 0; i < values.Length; i += 2)
        {
            double u = 1 - rnd.NextDouble(), w = rnd.NextDouble();
            values[i] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * w));
            if (i + 1 < values.Length) values[i + 1] = (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Sin(2 * Math.PI * w));
        }
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, names, values, size, binary: true);
        return ms.ToArray();
    }

    /// <summary>About 300 pairs of the model's words: a comment, blank and malformed lines, words in upper and mixed case,
    /// pairs with unknown words, and pairs with words beyond the first 2,000. Scores follow the model's cosine with
    /// noise, as human judgements do, or are noise only.</summary>
    private static string PairsFile(WordVectors v, Random rnd, bool noiseOnly)
    {
        var sb = new StringBuilder("# word1\tword2\tscore\n");
        for (int i = 0; i < 300; i++)
        {
            string a = v.Word(1 + rnd.Next(v.Count - 1)), b = v.Word(1 + rnd.Next(400));
            if (i % 7 == 0) a = a.ToUpperInvariant();
            if (i % 11 == 0) b = char.ToUpperInvariant(b[0]) + b[1..];
            if (i % 13 == 0) a = "qqzz" + i;
            double noise = rnd.NextDouble() - 0.5;
            double score = v.Contains(a) && v.Contains(b) && !noiseOnly ? 5 + 5 * v.Similarity(a, b) + noise : rnd.NextDouble() * 10;
            sb.Append(a).Append('\t').Append(b).Append('\t').Append(score.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
            if (i % 50 == 0) sb.Append("\nnot a pair\n");
        }
        return sb.ToString();
    }

    private static double[] Doubles(JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];

    private static void AssertSameList(IReadOnlyList<Neighbour> got, (string Word, double Score)[] expected, WordVectors v, string what)
    {
        Assert.That(got, Has.Count.EqualTo(expected.Length), what);
        for (int k = 0; k < got.Count; k++)
        {
            Assert.That(got[k].Similarity, Is.EqualTo(expected[k].Score).Within(Tolerance), $"{what} #{k}");
            if (got[k].Word == expected[k].Word) continue;
            int j = Array.FindIndex(expected, e => e.Word == got[k].Word);
            bool tie = j >= 0 ? Math.Abs(expected[j].Score - expected[k].Score) <= Tolerance : Math.Abs(got[k].Similarity - expected[^1].Score) <= Tolerance;
            Assert.That(tie, Is.True, $"{what} #{k}: ours '{got[k].Word}', gensim '{expected[k].Word}' ({v.Count} words)");
        }
    }
}
