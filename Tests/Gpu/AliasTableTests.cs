using NUnit.Framework;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>
/// The alias table the GPU draws negatives from (<see cref="AliasTable"/>) holds the engine's negative-sampling
/// distribution: each word's share of C's unigram table slots, exactly up to float rounding; and its draws, with the
/// kernel's bits of C's generator (<see cref="AliasTable.Column"/>, <see cref="AliasTable.Fraction"/>), follow it.
/// </summary>
[TestFixture]
public sealed class AliasTableTests
{
    /// <summary>A skewed vocabulary (a few hundred words, the most frequent hundreds of times the rarest) and its unigram
    /// table (C's counts^0.75).</summary>
    private static int[] Starts()
    {
        var r = new Random(5);
        using var corpus = TrainingCorpus.FromSentences(Enumerable.Range(0, 4000)
            .Select(_ => Enumerable.Range(0, 25).Select(_ => $"w{(int)(2000 / (1 + r.NextDouble() * 1999))}").ToArray()));
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1, Negative = 5, Size = 8 }, corpus);
        setup.LearnVocabulary();
        return setup.DeviceTables.UnigramStarts.ToArray();
    }

    [Test]
    public void Build_EachWordsShare_IsItsShareOfTheUnigramTable()
    {
        int[] starts = Starts();
        int n = starts.Length - 1;
        Assert.That(n, Is.GreaterThan(300));
        var (probability, alias) = AliasTable.Build(starts);
        // A column keeps its own word with its probability and gives the rest to its alias.
        var share = new double[n];
        for (int c = 0; c < n; c++)
        {
            Assert.That(probability[c], Is.InRange(0f, 1f), $"column {c}");
            share[c] += probability[c];
            share[alias[c]] += 1 - probability[c];
        }
        for (int w = 0; w < n; w++)
        {
            double expected = (double)(starts[w + 1] - starts[w]) / DeviceTables.UnigramTableSize;
            Assert.That(share[w] / n, Is.EqualTo(expected).Within(1e-7 + 1e-4 * expected), $"word {w}");
        }
    }

    [Test]
    public void Draws_WithTheKernelsBitsOfCsGenerator_FollowTheDistribution()
    {
        int[] starts = Starts();
        int n = starts.Length - 1;
        var (probability, alias) = AliasTable.Build(starts);
        const int draws = 2_000_000;
        var counts = new int[n];
        ulong r = 12345;
        for (int i = 0; i < draws; i++)
        {
            r = r * DeviceTables.RandomMultiplier + DeviceTables.RandomIncrement;
            int column = AliasTable.Column(r, n);
            Assert.That(column, Is.InRange(0, n - 1));
            counts[AliasTable.Draw(probability, alias, r)]++;
        }
        double distance = 0;
        for (int w = 0; w < n; w++)
        {
            double expected = (double)(starts[w + 1] - starts[w]) / DeviceTables.UnigramTableSize * draws;
            distance += Math.Abs(counts[w] - expected) / draws / 2;
            if (expected >= 1000)
                Assert.That(counts[w], Is.EqualTo(expected).Within(5 * Math.Sqrt(expected)), $"word {w}");
        }
        Assert.That(distance, Is.LessThan(0.01), "total variation distance from the unigram distribution");
    }
}
