using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>The host side of GPU training: sentences cut by the engine's reader, each with its rate from the engine's
/// schedule, the learning-rate clock, batch limits.</summary>
[TestFixture]
public sealed class CorpusBatcherTests
{
    private static List<SentenceBatch> Drain(CorpusBatcher batcher, List<(int[] Words, float Alpha, long Read)> sentences)
    {
        var batches = new List<SentenceBatch>();
        while (batcher.Next(CancellationToken.None) is SentenceBatch b)
        {
            for (int s = 0; s < b.Sentences; s++)
                sentences.Add((b.Words[b.Offsets[s]..b.Offsets[s + 1]], b.Alphas[s], b.WordsRead));
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
        var o = new TrainingOptions { MinCount = 2, Sample = 0, Iterations = 2 };
        var setup = TrainingSetup.Create(o, corpus);
        var vocab = setup.LearnVocabulary();
        int a = vocab.Search("a"), b = vocab.Search("b"), c = vocab.Search("c");
        var got = new List<(int[] Words, float Alpha, long Read)>();
        long read = 0;
        using (var batcher = new CorpusBatcher(setup, 4096, 16))
            foreach (var batch in Drain(batcher, got)) read += batch.WordsRead;
        // per epoch: [a b c] (the rare word is not in the vocabulary), 1000 + 1000 + 500 a's, [b c]
        Assert.That(got.Select(s => s.Words.Length), Is.EqualTo(new[] { 3, 1000, 1000, 500, 2, 3, 1000, 1000, 500, 2 }));
        Assert.That(got[0].Words, Is.EqualTo(new[] { a, b, c }));
        Assert.That(got[4].Words, Is.EqualTo(new[] { b, c }));
        Assert.That(read, Is.EqualTo(2 * vocab.TrainWords), "the learning-rate clock counts every word C counts");
        // Rates: the schedule at the words read before each sentence: the first sentence starts the run, the second
        // follows the 5 words of line one (a b zz_unknown c </s>: 4 known), the sixth starts the second epoch.
        var schedule = setup.LearningRate;
        Assert.That(got[0].Alpha, Is.EqualTo(schedule.Starting));
        Assert.That(got[1].Alpha, Is.EqualTo(schedule.At(4)));
        Assert.That(got[5].Alpha, Is.EqualTo(schedule.At(vocab.TrainWords)));
        Assert.That(got.Select(s => s.Alpha), Is.Ordered.Descending);
    }

    [Test]
    public void SubsamplingKeepsRareWordsAndDropsFrequentOnes()
    {
        var lines = Enumerable.Range(0, 200).Select(i => new[] { "the", "the", "the", "the", $"rare{i % 100}" });
        using var corpus = TrainingCorpus.FromSentences(lines);
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1, Sample = 1e-3f, Iterations = 1 }, corpus);
        var vocab = setup.LearnVocabulary();
        var got = new List<(int[] Words, float Alpha, long Read)>();
        using (var batcher = new CorpusBatcher(setup, 1 << 16, 1024)) Drain(batcher, got);
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
