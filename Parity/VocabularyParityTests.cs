using System.Globalization;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Vocab;

namespace Word2VecNative.Parity;

/// <summary>
/// Vocabulary and Huffman tree against the C tool: the <c>-save-vocab</c> file byte for byte, and for every word
/// its count, code, code length and points (leaf included) as word2vec.c's own functions compute them.
/// </summary>
public sealed class VocabularyParityTests : FolderTests
{
    private const string Woodchuck = "how much wood would a wood chuck chuck if a wood chuck could chuck wood\n";
    private const int SmallHashSize = 5000;

    private static string Harness(CTool tool) => tool.CompileHarness("vocabdump", VocabDump.HarnessSource());

    private static Vocabulary LearnOurs(string path, int minCount, long hashSize = Vocabulary.DefaultHashSize)
    {
        using var fs = File.OpenRead(path);
        return Vocabulary.Learn(fs, minCount, hashSize);
    }

    private void AssertSaveVocabIdentical(CTool tool, string train, int minCount)
    {
        string cVocab = Dir.File("c.vocab");
        string ourVocab = Dir.File("ours.vocab");
        string n = minCount.ToString(CultureInfo.InvariantCulture);
        var c = ProcessRunner.Run(tool.Exact("word2vec"), ["-train", train, "-save-vocab", cVocab, "-min-count", n, "-debug", "0"], timeoutSeconds: 300);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        OurCli.RunChecked("-train", train, "-save-vocab", ourVocab, "-min-count", n, "-debug", "0");
        Bytes.AssertEqual(File.ReadAllBytes(cVocab), File.ReadAllBytes(ourVocab), "-save-vocab");
    }

    private static void AssertTreeIdentical(CTool tool, string train, int minCount)
    {
        var expected = VocabDump.C(Harness(tool), train, minCount);
        var actual = VocabDump.Ours(LearnOurs(train, minCount));
        Bytes.AssertEqual(expected, actual, "vocabulary and tree");
    }

    private string AwkwardFile() => Dir.Write("awkward.txt", AwkwardCorpus.Generate(seed: 20240611, tokens: 60_000));

    [Test]
    public void Vocabulary_Woodchuck_SaveVocabMatchesC()
    {
        var tool = CTool.Require();
        AssertSaveVocabIdentical(tool, Dir.Write("wood.txt", Woodchuck), 1);
    }

    [Test]
    public void HuffmanTree_Woodchuck_CodesAndPointsMatchC()
    {
        var tool = CTool.Require();
        AssertTreeIdentical(tool, Dir.Write("wood.txt", Woodchuck), 1);
    }

    [Test]
    public void Vocabulary_Text8Prefix_SaveVocabMatchesC()
    {
        var tool = CTool.Require();
        AssertSaveVocabIdentical(tool, SharedData.Require("text8-prefix-12.5M"), 5);
    }

    [Test]
    public void HuffmanTree_Text8Prefix_CodesAndPointsMatchC()
    {
        var tool = CTool.Require();
        AssertTreeIdentical(tool, SharedData.Require("text8-prefix-12.5M"), 5);
    }

    [TestCase(1)]
    [TestCase(3)]
    public void Vocabulary_AwkwardBytes_SaveVocabMatchesC(int minCount)
    {
        var tool = CTool.Require();
        AssertSaveVocabIdentical(tool, AwkwardFile(), minCount);
    }

    [TestCase(1)]
    [TestCase(3)]
    public void HuffmanTree_AwkwardBytes_CodesAndPointsMatchC(int minCount)
    {
        var tool = CTool.Require();
        AssertTreeIdentical(tool, AwkwardFile(), minCount);
    }

    [Test]
    public void Vocabulary_AwkwardBytes_ContainsTheEdgeCasesItWasBuiltFor()
    {
        var v = LearnOurs(AwkwardFile(), 1);
        var words = Enumerable.Range(0, v.Count).Select(i => v.Word(i).ToArray()).ToList();
        Assert.That(words.Max(w => w.Length), Is.EqualTo(98), "long words are cut to 98 bytes");
        Assert.That(words.Any(w => w.Length == 0), "a word starting with NUL is the empty word");
        Assert.That(words.Any(w => w.AsSpan().SequenceEqual("nu"u8)), "NUL cuts a word");
        Assert.That(words.Any(w => w.AsSpan().SequenceEqual("abcd"u8)), "\\r inside a word is dropped");
        Assert.That(words.Any(w => w.AsSpan().SequenceEqual(new byte[] { 0xFF })), "invalid bytes survive");
        Assert.That(words.Count(w => w.AsSpan().SequenceEqual("</s>"u8)), Is.EqualTo(1), "a literal </s> counts as the sentence token");
        Assert.That(v.Search("trailingword"u8), Is.EqualTo(-1), "the word at EOF is discarded");
    }

    [Test]
    public void Vocabulary_ReduceVocab_MatchesCWithSmallHash()
    {
        var tool = CTool.Require();
        string train = Dir.Write("many.txt", ManyWordsCorpus(seed: 7, tokens: 120_000, distinct: 40_000));
        var ours = LearnOurs(train, 2, SmallHashSize);
        Assert.That(ours.Reductions, Is.GreaterThan(2), "the corpus must make ReduceVocab run several times");
        var expected = VocabDump.C(VocabDump.HashSizeHarness(tool, SmallHashSize), train, 2);
        Bytes.AssertEqual(expected, VocabDump.Ours(ours), "vocabulary and tree after ReduceVocab");
    }

    [Test]
    public void Vocabulary_MaxVocabSize_IsCsReduceVocabAtThatSize()
    {
        // C reduces when it holds more than vocab_hash_size * 0.7 words: with a hash of 5000, more than 3500 words,
        // which is what MaxVocabSize 3500 asks of a vocabulary with C's own hash size.
        var tool = CTool.Require();
        string train = Dir.Write("many.txt", ManyWordsCorpus(seed: 7, tokens: 120_000, distinct: 40_000));
        Vocabulary ours;
        using (var fs = File.OpenRead(train)) ours = Vocabulary.Learn(fs, new Training.TrainingOptions { MinCount = 2, MaxVocabSize = SmallHashSize * 7 / 10 });
        Assert.That((ours.HashSize, ours.Reductions), Is.EqualTo((Vocabulary.DefaultHashSize, LearnOurs(train, 2, SmallHashSize).Reductions)));
        var expected = VocabDump.C(VocabDump.HashSizeHarness(tool, SmallHashSize), train, 2);
        Bytes.AssertEqual(expected, VocabDump.Ours(ours), "vocabulary and tree after ReduceVocab");
    }

    [Test]
    public void Vocabulary_ReduceVocab_AwkwardBytesMatchesCWithSmallHash()
    {
        var tool = CTool.Require();
        var bytes = new MemoryStream();
        bytes.Write(AwkwardCorpus.Generate(seed: 99, tokens: 30_000));
        bytes.WriteByte((byte)'\n');
        bytes.Write(ManyWordsCorpus(seed: 8, tokens: 40_000, distinct: 20_000));
        string train = Dir.Write("mixed.txt", bytes.ToArray());
        var ours = LearnOurs(train, 1, SmallHashSize);
        Assert.That(ours.Reductions, Is.GreaterThan(0));
        Bytes.AssertEqual(VocabDump.C(VocabDump.HashSizeHarness(tool, SmallHashSize), train, 1), VocabDump.Ours(ours), "vocabulary and tree after ReduceVocab");
    }

    [TestCase("woodchuck", 1)]
    [TestCase("awkward", 1)]
    [TestCase("awkward", 4)]
    public void Vocabulary_ReadVocab_RoundTripMatchesC(string corpus, int minCount)
    {
        var tool = CTool.Require();
        string train = corpus == "woodchuck" ? Dir.Write("wood.txt", Woodchuck) : AwkwardFile();
        // The vocabulary file is the C tool's own -save-vocab output at -min-count 1.
        string vocabFile = Dir.File("saved.vocab");
        ProcessRunner.RunChecked(tool.Exact("word2vec"), ["-train", train, "-save-vocab", vocabFile, "-min-count", "1", "-debug", "0"]);
        // The empty word (a token starting with NUL) is saved as " N", which no reader can take back: C misreads the
        // count as the next word, ours reports the file as malformed. Leave that entry out.
        var lines = SplitLines(File.ReadAllBytes(vocabFile));
        File.WriteAllBytes(vocabFile, lines.Where(l => l.Length > 0 && l[0] != (byte)' ').SelectMany(l => l.Append((byte)'\n')).ToArray());
        var expected = VocabDump.C(Harness(tool), train, minCount, vocabFile);
        Vocabulary ours;
        using (var vs = File.OpenRead(vocabFile)) ours = Vocabulary.Read(vs, minCount);
        Bytes.AssertEqual(expected.AsSpan(expected.AsSpan().IndexOf((byte)'\n') + 1).ToArray(),
            Tail(VocabDump.Ours(ours)), "vocabulary and tree from -read-vocab");
        // Reading back gives the same tree as learning from the text.
        if (corpus == "woodchuck") Bytes.AssertEqual(Tail(VocabDump.Ours(LearnOurs(train, 1))), Tail(VocabDump.Ours(ours)), "read vs learnt");
        // And through the CLI: -read-vocab then -save-vocab reproduces the C tool's file at the same min-count.
        string cOut = Dir.File("c2.vocab"), ourOut = Dir.File("ours2.vocab");
        string n = minCount.ToString(CultureInfo.InvariantCulture);
        ProcessRunner.RunChecked(tool.Exact("word2vec"), ["-train", train, "-read-vocab", vocabFile, "-save-vocab", cOut, "-min-count", n, "-debug", "0"]);
        OurCli.RunChecked("-train", train, "-read-vocab", vocabFile, "-save-vocab", ourOut, "-min-count", n, "-debug", "0");
        Bytes.AssertEqual(File.ReadAllBytes(cOut), File.ReadAllBytes(ourOut), "-read-vocab then -save-vocab");
    }

    private static List<byte[]> SplitLines(byte[] b)
    {
        var list = new List<byte[]>();
        int start = 0;
        for (int i = 0; i < b.Length; i++)
        {
            if (b[i] != (byte)'\n') continue;
            list.Add(b[start..i]);
            start = i + 1;
        }
        return list;
    }

    // The first line holds train_words, which ReadVocab in C leaves at 0 but our Read sets; compare the entries.
    private static byte[] Tail(byte[] dump) => dump.AsSpan(dump.AsSpan().IndexOf((byte)'\n') + 1).ToArray();

    /// <summary>Many distinct words with a Zipf-like spread, so the vocabulary passes 70% of a small hash.</summary>
    private static byte[] ManyWordsCorpus(int seed, int tokens, int distinct)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int t = 0; t < tokens; t++)
        {
            int id = (int)(Math.Pow(rng.NextDouble(), 3) * distinct);
            sb.Append('w').Append(id.ToString(CultureInfo.InvariantCulture));
            sb.Append(rng.Next(15) == 0 ? '\n' : ' ');
        }
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
