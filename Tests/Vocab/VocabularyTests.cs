using System.Text;
using NUnit.Framework;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Vocab;

public sealed class VocabularyTests
{
    private static Vocabulary Learn(string text, int minCount, long hashSize = Vocabulary.DefaultHashSize) =>
        Vocabulary.Learn(new MemoryStream(Encoding.UTF8.GetBytes(text)), minCount, hashSize);

    [Test]
    public void Vocabulary_Sort_KeepsSentenceTokenFirst()
    {
        var v = Learn("a a a b b c\n", 1);
        Assert.That(v.Words(), Is.EqualTo(new[] { "</s>", "a", "b", "c" }));
        Assert.That(v.Frequency(0), Is.EqualTo(1));
    }

    [Test]
    public void Vocabulary_Sort_KeepsSentenceTokenFirstWithoutNewline()
    {
        var v = Learn("x y y z", 1); // z is at EOF, discarded; no newline so </s> has count 0
        Assert.That(v.Words(), Is.EqualTo(new[] { "</s>", "y", "x" }));
        Assert.That(v.Frequency(0), Is.Zero);
    }

    [Test]
    public void Vocabulary_Sort_IsStableForEqualCounts()
    {
        // Equal counts keep first-seen order, as glibc's merge sort does with C's comparator.
        var words = Enumerable.Range(0, 200).Select(i => $"w{i}").ToArray();
        var text = string.Join(' ', words.Concat(words).Concat(words.Where((_, i) => i % 3 == 0))) + " \n";
        var v = Learn(text, 1);
        var expected = new[] { "</s>" }.Concat(words.Where((_, i) => i % 3 == 0)).Concat(words.Where((_, i) => i % 3 != 0));
        Assert.That(v.Words(), Is.EqualTo(expected));
    }

    [Test]
    public void Vocabulary_MinCount_DropsRareWordsButNotSentenceToken()
    {
        var v = Learn("a a a b b c d d d d\n", 3);
        Assert.That(v.Words(), Is.EqualTo(new[] { "</s>", "d", "a" }));
        Assert.That(v.TrainWords, Is.EqualTo(1 + 4 + 3));
        Assert.That(v.Search("b"), Is.EqualTo(-1));
        Assert.That(v.Search("d"), Is.EqualTo(1));
    }

    [Test]
    public void Vocabulary_MinCountAboveEverything_LeavesOnlySentenceToken()
    {
        var v = Learn("a b c\n", 10);
        Assert.That(v.Count, Is.EqualTo(1));
        Assert.That(v.WordString(0), Is.EqualTo("</s>"));
    }

    [Test]
    public void Vocabulary_Reduce_RunsPastSeventyPercentOfHashSize()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 500; i++) sb.Append("common rare").Append(i).Append(' ');
        sb.Append('\n');
        var v = Learn(sb.ToString(), 1, hashSize: 100);
        Assert.That(v.Reductions, Is.GreaterThan(0));
        Assert.That(v.Count, Is.LessThanOrEqualTo(71));
        // C's ReduceVocab does not spare entry 0: the sentence token, still at count 0, is dropped, "common" moves
        // to entry 0 (which SortVocab never moves), and the final newline adds the sentence token back at the end.
        Assert.That(v.WordString(0), Is.EqualTo("common"));
        Assert.That(v.Frequency(0), Is.EqualTo(500));
        Assert.That(v.Search("</s>"), Is.GreaterThan(0));
    }

    [Test]
    public void Vocabulary_SaveThenRead_RoundTrips()
    {
        var v = Learn("b a b c c c\n", 1);
        var ms = new MemoryStream();
        v.Save(ms);
        Assert.That(Encoding.UTF8.GetString(ms.ToArray()), Is.EqualTo("</s> 1\nc 3\nb 2\na 1\n"));
        ms.Position = 0;
        var r = Vocabulary.Read(ms, 2);
        Assert.That(r.Words(), Is.EqualTo(new[] { "</s>", "c", "b" }));
        Assert.That(r.TrainWords, Is.EqualTo(6));
    }

    [TestCase("a x\n")]
    [TestCase("a 1 junk\n")]
    [TestCase("a 1\na 2\n")]
    [TestCase("a -5\n")]
    [TestCase("")]
    public void Vocabulary_Read_MalformedFileThrows(string content) =>
        Assert.Throws<Word2VecException>(() => Vocabulary.Read(new MemoryStream(Encoding.UTF8.GetBytes(content)), 1));

    [Test]
    public void Vocabulary_Read_CountOf1e15OrMore_IsOneClearError()
    {
        // 1e15 is the count word2vec gives inner nodes while it builds the Huffman tree: leaves that large walk
        // its two positions off the end of the arrays.
        const string file = "</s> 0\na 1000000000000000\nb 1000000000000000\nc 1000000000000000\nd 1000000000000000\n";
        var e = Assert.Throws<Word2VecException>(() => Vocabulary.Read(new MemoryStream(Encoding.ASCII.GetBytes(file)), 1, name: "v.vocab"));
        Assert.That(e!.Message, Does.StartWith("v.vocab").And.Contain("entry 2").And.Contain("'a'").And.Not.Contain("\n"));
        Assert.Throws<Word2VecException>(() => Vocabulary.Read(new MemoryStream("a 999999999999999999999999999\n"u8.ToArray()), 1));
        Assert.That(Vocabulary.Read(new MemoryStream("a 999999999999999\n"u8.ToArray()), 1).Frequency(0), Is.EqualTo(999_999_999_999_999));
    }

    [Test]
    public void HuffmanTree_Build_CountOf1e15OrMore_IsOneClearError()
    {
        Assert.Throws<Word2VecException>(() => HuffmanTree.Build([2_000_000_000_000_000, 2_000_000_000_000_000, 2_000_000_000_000_000, 2_000_000_000_000_000]));
        Assert.Throws<Word2VecException>(() => HuffmanTree.Build([1_000_000_000_000_000, 1]));
        Assert.That(HuffmanTree.Build([999_999_999_999_999, 999_999_999_999_999, 1]).CodeLength(2), Is.EqualTo(2));
    }

    [Test]
    public void Vocabulary_Read_CountWithManyLeadingZeros_IsRead()
    {
        var v = Vocabulary.Read(new MemoryStream("word 000000000000000000000000000000000000000042\nz -0000000000000000000000000000000000000000\n"u8.ToArray()), 0);
        Assert.That(v.Frequency(v.Search("word"u8)), Is.EqualTo(42));
        Assert.That(v.Frequency(v.Search("z"u8)), Is.Zero);
    }

    [Test]
    public void Vocabulary_Read_ControlBytesInAWord_AreEscapedInTheMessage()
    {
        var e = Assert.Throws<Word2VecException>(() => Vocabulary.Read(new MemoryStream("a\u0007\u001bb 1\na\u0007\u001bb 2\n"u8.ToArray()), 1));
        Assert.That(e!.Message, Does.Contain(@"'a\x07\x1bb'"));
        var bad = "ok 1\nx"u8.ToArray().Concat(new byte[] { 0xFF, (byte)' ', 0xFE, (byte)'\n' }).ToArray();
        e = Assert.Throws<Word2VecException>(() => Vocabulary.Read(new MemoryStream(bad), 1));
        Assert.That(e!.Message, Does.Contain(@"x\xff").And.Not.Contain("\uFFFD"));
    }

    [Test]
    public void Vocabulary_Search_FindsRawBytes()
    {
        var bytes = new byte[] { 0xFF, 0xFE, (byte)' ', (byte)'o', (byte)'k', (byte)'\n' };
        var v = Vocabulary.Learn(new MemoryStream(bytes), 1);
        Assert.That(v.Search(new byte[] { 0xFF, 0xFE }), Is.GreaterThan(0));
        Assert.That(v.Search("missing"u8), Is.EqualTo(-1));
    }
}
