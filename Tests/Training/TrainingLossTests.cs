using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

/// <summary>The training loss (<see cref="TrainingOptions.ComputeLoss"/>): gensim's sum, reported as a running total,
/// falling per word as the model learns, absent when off, and without effect on the vectors.</summary>
public sealed class TrainingLossTests
{
    private static (Word2VecModel Model, List<TrainingProgress> Reports) Train(TrainingOptions options, Word2VecModel? from = null)
    {
        var reports = new List<TrainingProgress>();
        var progress = new ContinuedTrainingTests.SyncProgress(reports.Add);
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var model = from == null ? Trainer.Train(options, corpus, progress: progress) : Trainer.Continue(from, corpus, options, progress);
        return (model, reports);
    }

    [Test]
    public void Loss_WithZeroOutputLayer_IsTheTableLossOfSigmoidZeroPerBranch()
    {
        // CBOW with hierarchical softmax and a rate so small that no update survives rounding: syn1 stays 0, every
        // dot product is 0, and every branch of every trained word's Huffman path adds -log(table[498]).
        var options = ModelFixtures.Options(cbow: true, hs: true, negative: 0, iterations: 1) with { Alpha = float.Epsilon, Sample = 0, ComputeLoss = true };
        var (model, reports) = Train(options);
        Assert.That(model.HierarchicalSoftmaxWeights.ToArray(), Is.All.Zero, "nothing was learnt");
        var tree = Word2VecNative.Vocab.HuffmanTree.Build(model.Vocabulary);
        long branches = 0;
        foreach (string line in File.ReadLines(ModelFixtures.Corpus))
        {
            // Every sentence of the grammar has at least two words, so each word has a context word.
            foreach (string w in line.Split(' ', StringSplitOptions.RemoveEmptyEntries)) branches += tree.CodeLength(model.Vocabulary.Search(w));
        }
        double perBranch = -SigmoidTable.LogArray[SigmoidTable.MaxExp * SigmoidTable.IndexScale];
        Assert.That(perBranch, Is.EqualTo(-Math.Log(SigmoidTable.Array[498])).Within(1e-6));
        Assert.That(reports[^1].Loss, Is.EqualTo(branches * perBranch).Within(1e-6 * branches));
    }

    [Test]
    public void Loss_RunningTotal_GrowsAndFallsPerWordAsTheModelLearns()
    {
        var options = ModelFixtures.Options(iterations: 4) with { ComputeLoss = true };
        var (first, firstReports) = Train(options with { StopAfterEpoch = 1 });
        Assert.That(firstReports.Select(r => r.Loss), Is.Ordered.Ascending);
        double epoch1 = firstReports[^1].Loss;
        Assert.That(epoch1, Is.GreaterThan(0));
        var (_, restReports) = Train(options, first);
        double epochs2to4 = restReports[^1].Loss;
        Assert.That(restReports.Select(r => r.Loss), Is.Ordered.Ascending);
        Assert.That(epochs2to4 / 3, Is.LessThan(epoch1 * 0.95), $"loss per epoch: first {epoch1}, then {epochs2to4 / 3} on average");
    }

    [Test]
    public void Loss_Off_IsZeroAndOn_LeavesTheVectorsAsTheyWere([Values] bool cbow)
    {
        var options = ModelFixtures.Options(cbow: cbow);
        var (off, offReports) = Train(options);
        var (on, onReports) = Train(options with { ComputeLoss = true });
        Assert.That(offReports.Select(r => r.Loss), Is.All.Zero);
        Assert.That(onReports[^1].Loss, Is.GreaterThan(0));
        Assert.That(on.Vectors.ToArray(), Is.EqualTo(off.Vectors.ToArray()));
        Assert.That(on.NegativeSamplingWeights.ToArray(), Is.EqualTo(off.NegativeSamplingWeights.ToArray()));
    }

    [Test]
    public void Loss_SeveralThreads_AddsEveryThreadsLoss()
    {
        var one = Train(ModelFixtures.Options(iterations: 1) with { ComputeLoss = true }).Reports[^1].Loss;
        var three = Train(ModelFixtures.Options(iterations: 1) with { ComputeLoss = true, Threads = 3, Arithmetic = Arithmetic.Fast }).Reports[^1].Loss;
        Assert.That(three, Is.EqualTo(one).Within(15).Percent, "the same words, split over three threads");
    }
}
