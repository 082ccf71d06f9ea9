using System.Globalization;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Vocab;

namespace Word2VecNative.Parity;

/// <summary>
/// The woodchuck example of the well-known walkthrough of word2vec's CreateBinaryTree: its printed vocabulary,
/// counts and codes are embedded here as a fixture, so these tests need neither the C tool nor ../shared.
/// </summary>
public sealed class WoodchuckTests
{
    private sealed record Entry(string Word, long Count, string Code, int CodeLength);

    private sealed record Fixture(string Input, int VocabSize, long TrainWords, IReadOnlyList<Entry> Entries);

    private static readonly Lazy<Fixture> s_fixture = new(LoadFixture);

    private static Fixture LoadFixture()
    {
        using var s = typeof(WoodchuckTests).Assembly.GetManifestResourceStream("Fixtures.woodchuck.txt")
            ?? throw new InvalidOperationException("embedded fixture Fixtures.woodchuck.txt is missing");
        using var r = new StreamReader(s, Encoding.UTF8);
        string input = "";
        int size = 0;
        long words = 0;
        var entries = new List<Entry>();
        string? line;
        while ((line = r.ReadLine()) != null)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("input ", StringComparison.Ordinal)) { input = line["input ".Length..] + "\n"; continue; }
            var f = line.Split(' ');
            if (f[0] == "vocab-size") size = int.Parse(f[1], CultureInfo.InvariantCulture);
            else if (f[0] == "train-words") words = long.Parse(f[1], CultureInfo.InvariantCulture);
            else entries.Add(new Entry(f[0], long.Parse(f[1], CultureInfo.InvariantCulture), f[2], int.Parse(f[3], CultureInfo.InvariantCulture)));
        }
        return new Fixture(input, size, words, entries);
    }

    private static Vocabulary Learn(int minCount = 1) =>
        Vocabulary.Learn(new MemoryStream(Encoding.UTF8.GetBytes(s_fixture.Value.Input)), minCount);

    [Test]
    public void Woodchuck_Fixture_IsComplete()
    {
        var f = s_fixture.Value;
        Assert.That(f.Input, Is.EqualTo("how much wood would a wood chuck chuck if a wood chuck could chuck wood\n"));
        Assert.That(f.Entries, Has.Count.EqualTo(f.VocabSize));
        Assert.That(f.VocabSize, Is.EqualTo(9));
        Assert.That(f.TrainWords, Is.EqualTo(16));
    }

    [Test]
    public void Woodchuck_Vocabulary_MatchesSizeAndWordCount()
    {
        var v = Learn();
        Assert.That(v.Count, Is.EqualTo(s_fixture.Value.VocabSize));
        Assert.That(v.TrainWords, Is.EqualTo(s_fixture.Value.TrainWords));
        Assert.That(v.Reductions, Is.Zero);
    }

    [Test]
    public void Woodchuck_Vocabulary_MatchesOrderAndCounts()
    {
        var v = Learn();
        var expected = s_fixture.Value.Entries.Select(e => (e.Word, e.Count)).ToArray();
        var actual = Enumerable.Range(0, v.Count).Select(i => (v.WordString(i), v.Frequency(i))).ToArray();
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Woodchuck_HuffmanTree_MatchesCodesAndLengths()
    {
        var v = Learn();
        var tree = HuffmanTree.Build(v);
        foreach (var (e, i) in s_fixture.Value.Entries.Select((e, i) => (e, i)))
        {
            string code = string.Concat(tree.Code(i).ToArray().Select(b => (char)('0' + b)));
            Assert.That((code, tree.CodeLength(i)), Is.EqualTo((e.Code, e.CodeLength)), $"word {e.Word}");
        }
    }

    [Test]
    public void Woodchuck_HuffmanTree_PointsWalkFromRootToLeaf()
    {
        var v = Learn();
        var tree = HuffmanTree.Build(v);
        for (int i = 0; i < v.Count; i++)
        {
            var p = tree.PointsWithLeaf(i);
            Assert.That(p[0], Is.EqualTo(v.Count - 2), "point[0] is the root");
            // C stores the leaf as word - vocab_size (negative).
            Assert.That(p[tree.CodeLength(i)], Is.EqualTo(i - v.Count));
            for (int d = 0; d < tree.CodeLength(i); d++) Assert.That(p[d], Is.InRange(0, v.Count - 2));
        }
    }

    [Test]
    public void Woodchuck_MinCountTwo_KeepsSentenceTokenAndFrequentWords()
    {
        var v = Learn(minCount: 2);
        Assert.That(v.Words(), Is.EqualTo(new[] { "</s>", "wood", "chuck", "a" }));
        Assert.That(v.TrainWords, Is.EqualTo(1 + 4 + 4 + 2));
    }

    [Test]
    public void Woodchuck_Cli_SaveVocabAndSummary()
    {
        using var dir = new TempDir();
        string train = dir.Write("words.txt", s_fixture.Value.Input);
        string vocab = dir.File("vocab.txt");
        var r = OurCli.RunChecked("-train", train, "-save-vocab", vocab, "-min-count", "1", "-debug", "1");
        Assert.That(r.Stdout, Does.Contain("Vocab size: 9\nWords in train file: 16\n"));
        string expected = string.Concat(s_fixture.Value.Entries.Select(e => $"{e.Word} {e.Count}\n"));
        Assert.That(File.ReadAllText(vocab), Is.EqualTo(expected));
        Assert.That(r.Stderr, Is.Empty);
    }

    [Test]
    public void Woodchuck_Fixture_MatchesSeedDocument()
    {
        string? shared = RepoPaths.Shared;
        string? doc = shared == null ? null : Path.Combine(shared, "seeds", "001_eac551e4ac0631e2.txt");
        if (doc == null || !File.Exists(doc)) Assert.Ignore("the seed document in ../shared is absent; the embedded fixture stands alone");
        // The document prints blocks "word:\ncount: N\npoint: arr\ncode: BITS\ncodelen: L".
        var lines = File.ReadAllLines(doc!);
        var parsed = new List<Entry>();
        for (int i = 0; i + 4 < lines.Length; i++)
        {
            if (!lines[i].EndsWith(':') || !lines[i + 1].StartsWith("count: ", StringComparison.Ordinal)) continue;
            parsed.Add(new Entry(lines[i][..^1], long.Parse(lines[i + 1][7..], CultureInfo.InvariantCulture),
                lines[i + 3]["code: ".Length..], int.Parse(lines[i + 4]["codelen: ".Length..], CultureInfo.InvariantCulture)));
        }
        Assert.That(parsed, Is.EqualTo(s_fixture.Value.Entries));
        Assert.That(lines, Does.Contain("Vocab size: 9"));
        Assert.That(lines, Does.Contain("Words in train file: 16"));
    }
}
