using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity.Tools;

/// <summary>word2phrase: byte-identical output files (and the same messages) as the C program, on a generated
/// corpus full of edge cases and on a text8 slice, twice over (the second pass forms trigrams, as the C demo
/// does). The C program is built with a 5M-entry hash table instead of 500M: that only decides where words sit
/// in its table (and when it would reduce the vocabulary, which neither side reaches here), and spares clearing
/// 2 GB twice per run.</summary>
public class Word2PhraseParityTests
{
    private static string CWord2Phrase()
    {
        var tool = CTool.Require();
        string src = File.ReadAllText(Path.Combine(tool.SourceDir, "word2phrase.c"));
        Assert.That(src, Does.Contain("vocab_hash_size = 500000000"));
        return tool.CompileHarness("word2phrase-small-hash", src.Replace("vocab_hash_size = 500000000", "vocab_hash_size = 5000000"));
    }

    private static void AssertSameTwoPasses(string train, string tag, string minCount, string threshold)
    {
        string c = CWord2Phrase();
        string dir = ToolFixtures.Dir;
        string input = train;
        for (int pass = 1; pass <= 2; pass++)
        {
            string cOut = Path.Combine(dir, $"{tag}-c{pass}.txt");
            string ourOut = Path.Combine(dir, $"{tag}-ours{pass}.txt");
            string[] args = ["-train", input, "-min-count", minCount, "-threshold", threshold, "-debug", "2"];
            string cStdout = ToolFixtures.C(c, [.. args, "-output", cOut], "");
            var (code, ours, err) = OurCli.Run(["word2phrase", .. args, "-output", ourOut]);
            Assert.That(code, Is.Zero, err);
            Assert.That(File.ReadAllBytes(ourOut), Is.EqualTo(File.ReadAllBytes(cOut)), $"pass {pass} output differs");
            Assert.That(ours, Is.EqualTo(cStdout), $"pass {pass} messages differ");
            input = cOut;
        }
    }

    private static string GeneratedCorpus()
    {
        var rnd = new Random(7);
        string[] common = ["the", "of", "and", "new", "york", "san", "francisco", "united", "states", "of_the", "a", "b", "</s>"];
        var sb = new StringBuilder();
        for (int line = 0; line < 3000; line++)
        {
            int n = rnd.Next(0, 25);
            for (int i = 0; i < n; i++)
            {
                int r = rnd.Next(100);
                string w = r switch
                {
                    < 40 => common[rnd.Next(common.Length)],
                    < 55 => rnd.Next(2) == 0 ? "new york" : "san francisco",
                    < 90 => "w" + (int)Math.Pow(rnd.Next(1, 60), 1.7),
                    < 93 => new string('l', 170 + rnd.Next(20)),
                    < 96 => "caf\u00e9\u00e9",
                    _ => "x" + rnd.Next(100000),
                };
                sb.Append(w);
                sb.Append(rnd.Next(20) switch { 0 => "\t", 1 => "  ", 2 => " \r", _ => " " });
            }
            sb.Append(rnd.Next(10) == 0 ? "\r\n" : "\n");
        }
        sb.Append("trailing words without newline");
        string p = Path.Combine(ToolFixtures.Dir, "phrases-generated.txt");
        File.WriteAllText(p, sb.ToString(), new UTF8Encoding(false));
        return p;
    }

    [TestCase("5", "100")]
    [TestCase("2", "10")]
    [TestCase("1", "0.5")]
    public void Word2Phrase_GeneratedCorpus_ByteIdenticalToC(string minCount, string threshold) =>
        AssertSameTwoPasses(GeneratedCorpus(), $"gen-{minCount}", minCount, threshold);

    [Test]
    public void Word2Phrase_Text8Slice_ByteIdenticalToC() =>
        AssertSameTwoPasses(ToolFixtures.Slice(1_500_000), "text8", "5", "100");
}
