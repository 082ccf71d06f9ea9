using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Parity.Fuzz;

/// <summary>
/// 200 seeded corpora of random bytes (newlines, tabs, CRs, NULs, high bytes, words past 100 bytes, a literal
/// <c>&lt;/s&gt;</c>, no final newline) through our vocabulary pass and word2vec.c's, compared with
/// <see cref="VocabDump"/> byte for byte: words, counts, Huffman codes and points.
/// <para>The C side is the usual <see cref="VocabDump"/> harness over a copy of word2vec.c whose vocab_hash_size is
/// 1000 instead of 30,000,000: LearnVocabFromTrainFile fills the whole hash table on every run, which takes
/// about 0.4 s at full size and 10 ms at this one. The hash size changes nothing but when ReduceVocab runs (past
/// 700 words here, which a share of the corpora pass, so it is compared too); our side gets the same size.</para>
/// </summary>
public sealed class VocabularyFuzzParityTests : FolderTests
{
    private const int Seed = 4242;
    private const int Corpora = 200;
    private const int HashSize = 1000;

    [Test]
    public void Vocabulary_RandomByteCorpora_MatchCVocabularyAndHuffmanTree()
    {
        var tool = CTool.Require();
        string harness = VocabDump.HashSizeHarness(tool, HashSize);
        var clock = Stopwatch.StartNew();
        var cTime = new Stopwatch();
        int reduced = 0, cutWords = 0, emptyWords = 0;
        for (int i = 0; i < Corpora; i++)
        {
            var (what, corpus) = RandomCorpus(Seed, i);
            int minCount = 1 + i % 3;
            string train = Dir.Write("corpus.txt", corpus);
            string context = $"seed {Seed}, corpus {i} ({what}, {corpus.Length} bytes, min-count {minCount})";
            cTime.Start();
            var expected = VocabDump.C(harness, train, minCount);
            cTime.Stop();
            Vocabulary ours;
            using (var fs = File.OpenRead(train)) ours = Vocabulary.Learn(fs, minCount, HashSize);
            Bytes.AssertEqual(expected, VocabDump.Ours(ours), context);
            for (int w = 0; w < ours.Count; w++)
            {
                if (ours.Word(w).Length == WordReader.Word2VecMaxString - 2) cutWords++;
                if (ours.Word(w).Length == 0) emptyWords++;
            }
            if (ours.Reductions > 0)
            {
                reduced++;
                continue;
            }
            // Without ReduceVocab the hash size makes no difference: the full-size vocabulary is the same.
            using (var fs = File.OpenRead(train))
                Bytes.AssertEqual(expected, VocabDump.Ours(Vocabulary.Learn(fs, minCount)), context + ", full hash size");
        }
        TestContext.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"vocabulary parity fuzz: {Corpora} corpora ({reduced} pass ReduceVocab), {clock.Elapsed.TotalSeconds:F1} s, of which C {cTime.Elapsed.TotalSeconds:F1} s"));
        // The corpora reach what they were made for.
        Assert.That(reduced, Is.GreaterThan(5), "corpora that pass ReduceVocab");
        Assert.That(cutWords, Is.GreaterThan(20), "words cut to 98 bytes");
        Assert.That(emptyWords, Is.GreaterThan(5), "empty words (a word starting with NUL)");
    }

    /// <summary>Corpus <paramref name="index"/> of <paramref name="seed"/>: up to 12 KB, built one of three ways.</summary>
    internal static (string What, byte[] Bytes) RandomCorpus(int seed, int index)
    {
        var rng = new Random(unchecked(seed * 1_000_003 + index));
        int length = rng.Next(4) == 0 ? rng.Next(0, 64) : rng.Next(64, 12_000);
        var ms = new MemoryStream(length + 300);
        string what;
        switch (rng.Next(3))
        {
            case 0:
                {
                    // Any byte, uniformly: few delimiters, so most words pass 98 bytes and are cut.
                    what = "uniform bytes";
                    var b = new byte[length];
                    rng.NextBytes(b);
                    ms.Write(b);
                    break;
                }
            case 1:
                {
                    // Bytes drawn from a small alphabet rich in delimiters, NULs and CRs.
                    what = "delimiter-rich bytes";
                    byte[] alphabet = [(byte)' ', (byte)'\t', (byte)'\n', (byte)'\r', 0, (byte)'a', (byte)'b', (byte)'c', 0xC3, 0xA9, 0xFF, 0x80, (byte)'<', (byte)'/', (byte)'s', (byte)'>'];
                    for (int k = 0; k < length; k++) ms.WriteByte(alphabet[rng.Next(alphabet.Length)]);
                    break;
                }
            default:
                {
                    // Words from a pool (some repeated often), joined by assorted delimiters.
                    what = "pooled words";
                    var pool = Enumerable.Range(0, rng.Next(1, 1500)).Select(_ => PoolWord(rng)).ToArray();
                    byte[][] separators = [" "u8.ToArray(), "\t"u8.ToArray(), "\n"u8.ToArray(), "\r\n"u8.ToArray(), "  \t "u8.ToArray(), "\n\n"u8.ToArray(), "\r"u8.ToArray(), " \r "u8.ToArray()];
                    while (ms.Length < length)
                    {
                        int pick = (int)(Math.Pow(rng.NextDouble(), 2) * pool.Length);
                        ms.Write(pool[pick]);
                        ms.Write(separators[rng.Next(separators.Length)]);
                    }
                    break;
                }
        }
        // Half end with a newline; otherwise the last word is cut off by the end of the file, as in C.
        if (rng.Next(2) == 0) ms.WriteByte((byte)'\n');
        return (what, ms.ToArray());
    }

    private static byte[] PoolWord(Random rng)
    {
        int kind = rng.Next(10);
        if (kind == 0) return "</s>"u8.ToArray();
        int len = kind == 1 ? rng.Next(95, 140) : rng.Next(1, 12);
        var w = new byte[len];
        for (int k = 0; k < len; k++)
        {
            int r = rng.Next(20);
            w[k] = r switch
            {
                0 => 0,
                1 => (byte)'\r',
                2 => (byte)rng.Next(0x80, 0x100),
                3 => (byte)rng.Next(1, 32),
                _ => (byte)rng.Next('a', 'z' + 1),
            };
            if (w[k] is (byte)' ' or (byte)'\t' or (byte)'\n') w[k] = (byte)'x';
        }
        return w;
    }
}
