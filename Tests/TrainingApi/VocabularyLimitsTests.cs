using System.Text;
using NUnit.Framework;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.TrainingApi;

/// <summary><see cref="TrainingOptions.MaxVocabSize"/>, <see cref="TrainingOptions.MaxFinalVocab"/> and
/// <see cref="TrainingOptions.TrimRule"/>, against references computed here from the C functions' rules.</summary>
public sealed class VocabularyLimitsTests
{
    /// <summary>A corpus of lines of words drawn from a Zipf-like law over <paramref name="distinct"/> words.</summary>
    private static string Corpus(int lines, int distinct, int seed)
    {
        var rnd = new Random(seed);
        var sb = new StringBuilder();
        for (int l = 0; l < lines; l++)
        {
            int n = 1 + rnd.Next(12);
            for (int i = 0; i < n; i++)
            {
                if (i > 0) sb.Append(' ');
                int w = (int)(distinct * Math.Pow(rnd.NextDouble(), 3));
                sb.Append('w').Append(w);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>word2vec.c's LearnVocabFromTrainFile with ReduceVocab whenever more than <paramref name="limit"/>
    /// words are held, then SortVocab: written from the C source, on lists, for comparison.</summary>
    private static List<(string Word, long Count)> Reference(string corpus, int limit, int minCount)
    {
        var vocab = new List<(string Word, long Count)> { ("</s>", 0) };
        var index = new Dictionary<string, int> { ["</s>"] = 0 };
        int minReduce = 1;
        foreach (string token in Tokens(corpus))
        {
            if (index.TryGetValue(token, out int i)) vocab[i] = (token, vocab[i].Count + 1);
            else
            {
                index[token] = vocab.Count;
                vocab.Add((token, 1));
            }
            if (vocab.Count > limit)
            {
                vocab = vocab.Where(v => v.Count > minReduce).ToList();
                index = vocab.Select((v, k) => (v.Word, k)).ToDictionary(x => x.Word, x => x.k);
                minReduce++;
            }
        }
        // SortVocab: entry 0 stays first, the rest by descending count (stable), then min-count.
        var sorted = new List<(string Word, long Count)> { vocab[0] };
        sorted.AddRange(vocab.Skip(1).OrderByDescending(v => v.Count).Where(v => v.Count >= minCount));
        return sorted;
    }

    /// <summary>The words as the C reader gives them: separated by spaces, a newline being the word &lt;/s&gt;.</summary>
    private static IEnumerable<string> Tokens(string corpus)
    {
        string[] lines = corpus.Split('\n');
        for (int l = 0; l < lines.Length; l++)
        {
            foreach (string w in lines[l].Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return w;
            if (l < lines.Length - 1) yield return "</s>";
        }
    }

    private static Vocabulary Learn(string corpus, TrainingOptions options) =>
        Vocabulary.Learn(new MemoryStream(Encoding.ASCII.GetBytes(corpus)), options);

    private static List<(string, long)> Entries(Vocabulary v) => Enumerable.Range(0, v.Count).Select(i => (v.WordString(i), v.Frequency(i))).ToList();

    [TestCase(50, 1)]
    [TestCase(200, 1)]
    [TestCase(200, 3)]
    [TestCase(1000, 2)]
    public void MaxVocabSize_ReducesAsCsReduceVocab(int limit, int minCount)
    {
        // Ends with a newline: the C reader drops a last word that reaches the end of the file (feof).
        string corpus = Corpus(4000, 3000, seed: limit + minCount);
        var learnt = Learn(corpus, new TrainingOptions { MinCount = minCount, MaxVocabSize = limit });
        var expected = Reference(corpus, limit, minCount);
        Assert.That(learnt.Reductions, Is.GreaterThan(0));
        Assert.That(Entries(learnt), Is.EqualTo(expected));
    }

    [Test]
    public void MaxVocabSize_Unset_IsTheCToolsVocabulary()
    {
        string corpus = Corpus(3000, 2000, seed: 5);
        var limited = Learn(corpus, new TrainingOptions { MinCount = 2, MaxVocabSize = int.MaxValue });
        var plain = Vocabulary.Learn(new MemoryStream(Encoding.ASCII.GetBytes(corpus)), 2);
        Assert.That((limited.Reductions, plain.Reductions), Is.EqualTo((0, 0)));
        Assert.That(Entries(limited), Is.EqualTo(Entries(plain)));
        // The hash size's own reduction (C's vocab_hash_size * 0.7) is the same rule.
        var small = Learn(corpus, new TrainingOptions { MinCount = 2, VocabHashSize = 300 });
        Assert.That(Entries(small), Is.EqualTo(Reference(corpus, 210, 2)));
    }

    [Test]
    public void MaxFinalVocab_RaisesTheMinCountAsGensim()
    {
        // Counts: a 6, b 5, c 4, d 4, e 2, f 1, </s> 1 (the newline).
        const string corpus = "a a a a a a b b b b b c c c c d d d d e e f\n";
        var all = Learn(corpus, new TrainingOptions { MinCount = 1 });
        Assert.That(all.Words(), Is.EqualTo(new[] { "</s>", "a", "b", "c", "d", "e", "f" }));
        // 4 places: </s>, a, b, then c and d tie for the last one: both go (min count 5).
        Assert.That(Learn(corpus, new TrainingOptions { MinCount = 1, MaxFinalVocab = 4 }).Words(), Is.EqualTo(new[] { "</s>", "a", "b" }));
        Assert.That(Learn(corpus, new TrainingOptions { MinCount = 1, MaxFinalVocab = 5 }).Words(), Is.EqualTo(new[] { "</s>", "a", "b", "c", "d" }));
        Assert.That(Learn(corpus, new TrainingOptions { MinCount = 1, MaxFinalVocab = 7 }).Words(), Has.Count.EqualTo(7));
        Assert.That(Learn(corpus, new TrainingOptions { MinCount = 1, MaxFinalVocab = 100 }).Words(), Has.Count.EqualTo(7));
        // A higher min-count wins over the limit's.
        Assert.That(Learn(corpus, new TrainingOptions { MinCount = 6, MaxFinalVocab = 5 }).Words(), Is.EqualTo(new[] { "</s>", "a" }));
        var limited = Learn(corpus, new TrainingOptions { MinCount = 1, MaxFinalVocab = 4 });
        Assert.That(limited.TrainWords, Is.EqualTo(12));
    }

    [Test]
    public void TrimRule_KeepsAWordThroughReductions()
    {
        string corpus = "rare " + Corpus(3000, 2000, seed: 9);
        var without = Learn(corpus, new TrainingOptions { MinCount = 1, MaxVocabSize = 100 });
        Assert.That(without.Search("rare"), Is.EqualTo(-1), "reduced away without the rule");
        var with = Learn(corpus, new TrainingOptions
        {
            MinCount = 1,
            MaxVocabSize = 100,
            TrimRule = (w, _, _) => w == "rare" ? TrimDecision.Keep : TrimDecision.Default,
        });
        Assert.That(with.Search("rare"), Is.GreaterThan(0));
        Assert.That(with.Frequency(with.Search("rare")), Is.EqualTo(1));
    }

    [Test]
    public void Cli_MaxFinalVocabAndMaxVocabSize_SetTheVocabularySaved()
    {
        using var dir = new TempDir("w2v-limits-");
        string corpus = Corpus(4000, 3000, seed: 3);
        string train = dir.File("c.txt"), vocab = dir.File("v.txt");
        File.WriteAllText(train, corpus);
        int code = OurCli.Run("-train", train, "-save-vocab", vocab, "-min-count", "1", "-max-vocab-size", "200", "-max-final-vocab", "10", "-debug", "0").Code;
        Assert.That(code, Is.Zero);
        var expected = Learn(corpus, new TrainingOptions { MinCount = 1, MaxVocabSize = 200, MaxFinalVocab = 10 });
        Assert.That(expected.Count, Is.LessThanOrEqualTo(10));
        Assert.That(File.ReadAllLines(vocab), Is.EqualTo(Entries(expected).Select(e => $"{e.Item1} {e.Item2}")));
        // A read vocabulary is cut to -max-final-vocab too.
        string cut = dir.File("cut.txt");
        code = OurCli.Run("-train", train, "-read-vocab", vocab, "-save-vocab", cut, "-min-count", "1", "-max-final-vocab", "4", "-debug", "0").Code;
        Assert.That(code, Is.Zero);
        using var saved = File.OpenRead(vocab);
        var read = Vocabulary.Read(saved, new TrainingOptions { MinCount = 1, MaxFinalVocab = 4 });
        Assert.That(read.Count, Is.LessThanOrEqualTo(4));
        Assert.That(File.ReadAllLines(cut), Is.EqualTo(Entries(read).Select(e => $"{e.Item1} {e.Item2}")));
    }

    [Test]
    public void MaxFinalVocab_AppliesToAReadVocabulary()
    {
        var read = Vocabulary.Read(new MemoryStream("</s> 0\na 9\nb 7\nc 7\nd 1\n"u8.ToArray()), new TrainingOptions { MinCount = 0, MaxFinalVocab = 3 });
        Assert.That(read.Words(), Is.EqualTo(new[] { "</s>", "a" }));
    }

    [Test]
    public void TrimRule_KeepsDiscardsOrDefers_WithTheMinCountInForce()
    {
        const string corpus = "a a a a a a b b b b b c c c c d d d d e e f\n";
        var asked = new List<(string, long, int)>();
        var learnt = Learn(corpus, new TrainingOptions
        {
            MinCount = 3,
            MaxFinalVocab = 5,
            TrimRule = (word, count, minCount) =>
            {
                asked.Add((word, count, minCount));
                return word switch { "f" => TrimDecision.Keep, "a" => TrimDecision.Discard, _ => TrimDecision.Default };
            },
        });
        Assert.That(learnt.Words(), Is.EqualTo(new[] { "</s>", "b", "c", "d", "f" }));
        // max-final-vocab 5 leaves e (count 2) first past the limit: the minimum is 2 + 1 = 3, as -min-count's.
        Assert.That(asked.Select(a => a.Item1), Is.EquivalentTo(new[] { "a", "b", "c", "d", "e", "f" }), "asked once for every word but </s>");
        Assert.That(asked.Select(a => a.Item3), Is.All.EqualTo(3));
        Assert.That(asked.Single(a => a.Item1 == "b").Item2, Is.EqualTo(5));
    }
}
