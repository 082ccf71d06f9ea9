using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Training;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>The host side of GPU training: sentences cut as the C tool cuts them, the learning-rate clock, batch limits.</summary>
[TestFixture]
public sealed class CorpusBatcherTests
{
    private static List<SentenceBatch> Drain(CorpusBatcher batcher, List<(int[] Words, int ReadBefore, long Read)> sentences)
    {
        var batches = new List<SentenceBatch>();
        while (batcher.Next(CancellationToken.None) is SentenceBatch b)
        {
            for (int s = 0; s < b.Sentences; s++)
                sentences.Add((b.Words[b.Offsets[s]..b.Offsets[s + 1]], b.ReadBefore[s], b.WordsRead));
            batches.Add(b);
            batcher.Return(b);
        }
        return batches;
    }

    [Test]
    public void SentencesFollowLinesAndTheThousandWordLimit()
    {
        var lines = new List<IEnumerable<string>> { new[] { "a", "b", "zz_unknown", "c" }, Enumerable.Repeat("a", 2500), new[] { "b", "c" } };
        using var corpus = TrainingCorpus.FromSentences(lines);
        var o = new TrainingOptions { MinCount = 2, Sample = 0 };
        var vocab = Trainer.LearnVocabulary(corpus, o);
        int a = vocab.Search("a"), b = vocab.Search("b"), c = vocab.Search("c");
        var got = new List<(int[] Words, int ReadBefore, long Read)>();
        long read = 0;
        using (var batcher = new CorpusBatcher(corpus.Path, vocab, 0, 2, 4096, 16))
            foreach (var batch in Drain(batcher, got)) read += batch.WordsRead;
        // per epoch: [a b c] (the rare word is not in the vocabulary), 1000 + 1000 + 500 a's, [b c]
        Assert.That(got.Select(s => s.Words.Length), Is.EqualTo(new[] { 3, 1000, 1000, 500, 2, 3, 1000, 1000, 500, 2 }));
        Assert.That(got[0].Words, Is.EqualTo(new[] { a, b, c }));
        Assert.That(got[4].Words, Is.EqualTo(new[] { b, c }));
        Assert.That(read, Is.EqualTo(2 * vocab.TrainWords), "the learning-rate clock counts every word C counts");
    }

    [Test]
    public void SubsamplingKeepsRareWordsAndDropsFrequentOnes()
    {
        var lines = Enumerable.Range(0, 200).Select(i => new[] { "the", "the", "the", "the", $"rare{i % 100}" });
        using var corpus = TrainingCorpus.FromSentences(lines);
        var vocab = Trainer.LearnVocabulary(corpus, new TrainingOptions { MinCount = 1 });
        var got = new List<(int[] Words, int ReadBefore, long Read)>();
        using (var batcher = new CorpusBatcher(corpus.Path, vocab, 1e-3f, 1, 1 << 16, 1024)) Drain(batcher, got);
        int the = vocab.Search("the");
        int kept = got.Sum(s => s.Words.Count(w => w == the));
        int rare = got.Sum(s => s.Words.Count(w => w != the));
        Assert.That(kept, Is.LessThan(800 / 2));
        Assert.That(rare, Is.GreaterThan(150));
    }

    [TestCase(100, 0, 4096, 32)]
    [TestCase(300, 0, 4096, 128)]
    [TestCase(1000, 0, 4096, 256)]
    [TestCase(300, 0, 64, 64)]
    [TestCase(50, 16, 4096, 16)]
    public void LocalSizeFollowsVectorSize(int size, int requested, int deviceMax, int expected) =>
        Assert.That(new GpuTrainingSettings { LocalSize = requested }.ResolveLocalSize(size, deviceMax), Is.EqualTo(expected));

    [Test]
    public void NonPowerOfTwoLocalSizeIsRejected() =>
        Assert.That(() => new GpuTrainingSettings { LocalSize = 48 }.ResolveLocalSize(100, 1024),
            Throws.TypeOf<Word2VecException>().With.Message.Contains("power of two"));
}
