using System.Text;
using NUnit.Framework;
using Word2VecNative.Text;

namespace Word2VecNative.Tests.Text;

public sealed class WordReaderTests
{
    /// <summary>word2vec.c's ReadWord and its caller's loop (<c>ReadWord; if (feof) break;</c>), transcribed
    /// naively: fgetc, ungetc of the newline, the 98-byte cut, and the C string ending at the first NUL.</summary>
    private static List<byte[]> CReadWords(byte[] input, long start = 0)
    {
        var words = new List<byte[]>();
        long pos = start;
        bool eof = false;
        var word = new byte[100];
        while (true)
        {
            int a = 0;
            bool sentence = false;
            while (!eof)
            {
                int ch;
                if (pos < input.Length) ch = input[pos++];
                else { ch = -1; eof = true; }
                if (ch == 13) continue;
                if (ch == ' ' || ch == '\t' || ch == '\n')
                {
                    if (a > 0)
                    {
                        if (ch == '\n') pos--;
                        break;
                    }
                    if (ch == '\n') { sentence = true; break; }
                    continue;
                }
                word[a] = unchecked((byte)ch);
                a++;
                if (a >= 100 - 1) a--;
            }
            if (eof) break;
            if (sentence) { words.Add("</s>"u8.ToArray()); continue; }
            int len = Array.IndexOf(word, (byte)0, 0, a);
            words.Add(word.AsSpan(0, len < 0 ? a : len).ToArray());
        }
        return words;
    }

    private static List<byte[]> OurWords(byte[] input, int maxString = WordReader.Word2VecMaxString, int bufferSize = 4096, Stream? stream = null)
    {
        using var r = new WordReader(stream ?? new MemoryStream(input), maxString, bufferSize);
        var list = new List<byte[]>();
        while (r.ReadWord(out var w)) list.Add(w.ToArray());
        Assert.That(r.EndOfFile, Is.True);
        return list;
    }

    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static string Show(List<byte[]> words) => string.Join("|", words.Select(w => Encoding.Latin1.GetString(w)));

    [TestCase("a b c\n", "a|b|c|</s>")]
    [TestCase("a\tb\t\tc \n", "a|b|c|</s>")]
    [TestCase("a\r\nb\r\n", "a|</s>|b|</s>")]
    [TestCase("ab\rcd \n", "abcd|</s>")]
    [TestCase("\n\n\nx \n", "</s>|</s>|</s>|x|</s>")]
    [TestCase("   lead  trail   \n", "lead|trail|</s>")]
    [TestCase("last", "")]
    [TestCase("one last", "one")]
    [TestCase("one \r", "one")]
    [TestCase("", "")]
    [TestCase("\n", "</s>")]
    [TestCase("w\n</s> x\n", "w|</s>|</s>|x|</s>")]
    [TestCase("\r\r\r", "")]
    [TestCase("a\u000bb\u000cc d\n", "a\u000bb\u000cc|d|</s>")]
    public void WordReader_Delimiters_MatchC(string input, string expected)
    {
        var ours = OurWords(B(input));
        Assert.That(Show(ours), Is.EqualTo(expected));
        Assert.That(Show(ours), Is.EqualTo(Show(CReadWords(B(input)))));
    }

    [Test]
    public void WordReader_WordEndedByNewline_ThenSentenceToken()
    {
        using var r = new WordReader(new MemoryStream(B("cat\ndog \n")));
        var got = new List<string>();
        while (r.ReadWord(out var w)) got.Add(Encoding.UTF8.GetString(w));
        Assert.That(got, Is.EqualTo(new[] { "cat", "</s>", "dog", "</s>" }));
    }

    [TestCase(97)]
    [TestCase(98)]
    [TestCase(99)]
    [TestCase(100)]
    [TestCase(300)]
    public void WordReader_LongWord_KeepsFirst98Bytes(int length)
    {
        var word = Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();
        var input = word.Concat(B(" z\n")).ToArray();
        var ours = OurWords(input);
        Assert.That(ours[0], Is.EqualTo(word.Take(Math.Min(98, length)).ToArray()));
        Assert.That(Show(ours), Is.EqualTo(Show(CReadWords(input))));
    }

    [Test]
    public void WordReader_Word2PhraseMaxString_Keeps178Bytes()
    {
        var input = Enumerable.Repeat((byte)'x', 400).Concat(B(" \n")).ToArray();
        Assert.That(OurWords(input, WordReader.Word2PhraseMaxString)[0], Has.Length.EqualTo(178));
    }

    [Test]
    public void WordReader_Nul_CutsTheWord()
    {
        var input = new byte[] { (byte)'a', (byte)'b', 0, (byte)'c', (byte)' ', 0, (byte)'x', (byte)' ', (byte)'y', (byte)'\n' };
        var ours = OurWords(input);
        Assert.That(ours.Select(w => w.Length), Is.EqualTo(new[] { 2, 0, 1, 4 }));
        Assert.That(Show(ours), Is.EqualTo(Show(CReadWords(input))));
    }

    [Test]
    public void WordReader_InvalidUtf8_BytesSurvive()
    {
        var input = new byte[] { 0xFF, 0x80, (byte)' ', 0xC3, (byte)'\n' };
        var ours = OurWords(input);
        Assert.That(ours[0], Is.EqualTo(new byte[] { 0xFF, 0x80 }));
        Assert.That(ours[1], Is.EqualTo(new byte[] { 0xC3 }));
    }

    [Test]
    public void WordReader_RandomInputsAcrossBufferRefills_MatchC([Values(1, 2, 3, 4, 5)] int seed)
    {
        var rng = new Random(seed);
        byte[] alphabet = [(byte)' ', (byte)'\t', (byte)'\n', (byte)'\r', 0, (byte)'a', (byte)'b', 0xFF, 0x80, (byte)'<', (byte)'/', (byte)'s', (byte)'>'];
        var input = new byte[20_000 + rng.Next(5000)];
        int i = 0;
        while (i < input.Length)
        {
            // Mostly short words, sometimes a run of one byte long enough to pass the 98-byte cut.
            byte b = alphabet[rng.Next(alphabet.Length)];
            int run = rng.Next(20) == 0 ? rng.Next(90, 260) : 1 + rng.Next(3);
            for (int k = 0; k < run && i < input.Length; k++) input[i++] = b is (byte)' ' or (byte)'\n' ? b : alphabet[5 + rng.Next(alphabet.Length - 5)];
            if (rng.Next(3) == 0 && i < input.Length) input[i++] = alphabet[rng.Next(5)];
        }
        var expected = Show(CReadWords(input));
        Assert.That(Show(OurWords(input)), Is.EqualTo(expected));
        Assert.That(Show(OurWords(input, stream: new TrickleStream(input, seed))), Is.EqualTo(expected), "short reads");
    }

    [Test]
    public void WordReader_TokensStraddlingTheBufferEdge_MatchC()
    {
        const int buffer = 4096; // the smallest buffer the reader uses
        string[] tails = ["word\n", "\r\nnext \n", "x\r\r\ny\n", new string('q', 150) + " r\n", "ab\0cd ef\n", "\n\n</s>\n", "end"];
        foreach (string tail in tails)
        {
            for (int pad = buffer - 160; pad <= buffer + 2; pad++)
            {
                var input = new byte[pad].Select((_, k) => k % 7 == 6 ? (byte)' ' : (byte)'p').Concat(B(tail)).ToArray();
                Assert.That(Show(OurWords(input, bufferSize: buffer)), Is.EqualTo(Show(CReadWords(input))), $"pad {pad}, tail {tail.Length} bytes");
            }
        }
    }

    [Test]
    public void WordReader_EndOfFile_SetOnlyAfterTheEnd()
    {
        using var r = new WordReader(new MemoryStream(B("a b\n")));
        Assert.That(r.ReadWord(out _), Is.True);
        Assert.That(r.EndOfFile, Is.False);
        Assert.That(r.ReadWord(out _), Is.True);
        Assert.That(r.ReadWord(out var s), Is.True);
        Assert.That(s.SequenceEqual("</s>"u8), Is.True);
        Assert.That(r.EndOfFile, Is.False);
        Assert.That(r.ReadWord(out _), Is.False);
        Assert.That(r.EndOfFile, Is.True);
        Assert.That(r.Position, Is.EqualTo(4));
    }

    [Test]
    public void WordReader_Seek_ClearsEndOfFileAndRestartsAtOffset()
    {
        var rng = new Random(11);
        var input = Enumerable.Range(0, 30_000).Select(_ => "ab \n\r\tcd"[rng.Next(8)]).Select(c => (byte)c).ToArray();
        using var r = new WordReader(new MemoryStream(input), bufferSize: 4096);
        while (r.ReadWord(out _)) { }
        Assert.That(r.EndOfFile, Is.True);
        foreach (long offset in new long[] { 0, 1, 4095, 4096, 4097, 12_345, input.Length - 3, input.Length })
        {
            r.Seek(offset);
            Assert.That(r.EndOfFile, Is.False);
            var got = new List<byte[]>();
            while (r.ReadWord(out var w)) got.Add(w.ToArray());
            Assert.That(Show(got), Is.EqualTo(Show(CReadWords(input, offset))), $"offset {offset}");
        }
    }

    [Test]
    public void WordReader_ReadByte_ReturnsThePendingNewline()
    {
        using var r = new WordReader(new MemoryStream(B("w 12\nx")));
        Assert.That(r.ReadWord(out _), Is.True);
        Assert.That(r.ReadByte(), Is.EqualTo('1'));
        Assert.That(r.ReadByte(), Is.EqualTo('2'));
        Assert.That(r.ReadByte(), Is.EqualTo('\n'));
        Assert.That(r.ReadByte(), Is.EqualTo('x'));
        Assert.That(r.ReadByte(), Is.EqualTo(-1));
        Assert.That(r.EndOfFile, Is.True);
    }

    /// <summary>A stream that returns at most a few bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int seed) : MemoryStream(data)
    {
        private readonly Random _rng = new(seed);

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1 + _rng.Next(3)));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1 + _rng.Next(3))]);
    }
}
