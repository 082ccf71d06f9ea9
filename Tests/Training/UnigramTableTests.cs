using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

public sealed class UnigramTableTests
{
    /// <summary>Walks C's InitUnigramTable loop slot by slot (float d1, long long train_words_pow, float
    /// a / (real)table_size) and checks each slot against the compact table, without storing the 1e8 entries.</summary>
    private static void AssertMatchesCLoop(long[] counts)
    {
        var table = UnigramTable.Build(counts);
        int vocabSize = counts.Length;
        const int tableSize = UnigramTable.TableSize;
        double power = 0.75f;
        long trainWordsPow = 0;
        for (int a = 0; a < vocabSize; a++) trainWordsPow = (long)(trainWordsPow + Math.Pow(counts[a], power));
        float denominator = trainWordsPow;
        long Cn(int k) => k < vocabSize ? counts[k] : 0; // C reads vocab[vocab_size] here; SortVocab leaves it zeroed
        int i = 0;
        float d1 = (float)(Math.Pow(Cn(i), power) / denominator);
        int lastWordWithSlot = 0;
        for (int a = 0; a < tableSize; a++)
        {
            int got = table[a];
            if (got != i) Assert.Fail($"slot {a}: C has word {i}, ours {got}");
            lastWordWithSlot = i;
            if (a / (float)tableSize > d1)
            {
                i++;
                d1 = (float)(d1 + Math.Pow(Cn(i), power) / denominator);
            }
            if (i >= vocabSize) i = vocabSize - 1;
        }
        Assert.That(table.Count, Is.EqualTo(lastWordWithSlot + 1), "words owning a slot");
        var rng = new Random(5);
        for (int k = 0; k < 1000; k++)
        {
            ulong next = (ulong)rng.NextInt64();
            Assert.That(table.Draw(next), Is.EqualTo(table[(long)((next >> 16) % tableSize)]));
        }
    }

    [Test]
    public void UnigramTable_SingleWord_FillsEverySlot() => AssertMatchesCLoop([7]);

    [Test]
    public void UnigramTable_TwoWords_MatchesCLoop() => AssertMatchesCLoop([1, 3]);

    [Test]
    public void UnigramTable_ZipfCounts_MatchesCLoop()
    {
        var counts = new long[5000];
        counts[0] = 3;
        for (int r = 1; r < counts.Length; r++) counts[r] = Math.Max(5, 2_000_000 / r);
        AssertMatchesCLoop(counts);
    }

    [Test]
    public void UnigramTable_TailWithoutSlots_MatchesCLoop()
    {
        // One dominant word and many rare ones: float d1 reaches 1 before the tail, which gets no slot.
        var counts = new long[2000];
        counts[0] = 1;
        counts[1] = 1_000_000_000_000;
        for (int r = 2; r < counts.Length; r++) counts[r] = 1;
        var table = UnigramTable.Build(counts);
        Assert.That(table.Count, Is.LessThan(counts.Length));
        AssertMatchesCLoop(counts);
    }
}
