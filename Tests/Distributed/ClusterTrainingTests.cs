using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Distributed;
using Word2VecNative.Tests.Infrastructure;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Distributed;

/// <summary>Training across processes (<see cref="TrainingHooks.Communicator"/>), its ranks as threads of this process
/// (<see cref="LocalCluster"/>): the code MPI runs, without MPI.</summary>
public sealed class ClusterTrainingTests
{
    private static TrainingOptions Options(int iterations = 2) => ModelFixtures.Options(iterations: iterations) with
    {
        Arithmetic = Arithmetic.Fast,
        Threads = 1,
    };

    private static Word2VecModel TrainRank(ICommunicator rank, TrainingOptions options, string corpus, IProgress<TrainingProgress>? progress = null,
        TimeSpan? period = null)
    {
        using var c = TrainingCorpus.FromFile(corpus);
        return Trainer.Train(options, c, progress: progress,
            hooks: new TrainingHooks { Communicator = rank, SyncPeriod = period ?? TimeSpan.FromMilliseconds(5) });
    }

    [TestCase(2)]
    [TestCase(3)]
    public void EveryRank_HasTheVocabularyOneProcessLearns(int ranks)
    {
        var alone = ModelFixtures.Train(Options());
        var models = LocalCluster.RunChecked(ranks, rank => TrainRank(rank, Options(), ModelFixtures.Corpus));
        byte[] expected = VocabularyBytes(alone);
        foreach (var m in models)
        {
            Assert.That(VocabularyBytes(m), Is.EqualTo(expected));
            Assert.That(m.Vocabulary.TrainWords, Is.EqualTo(alone.Vocabulary.TrainWords));
        }
    }

    [Test]
    public void EveryRank_ReturnsTheSameModel()
    {
        var models = LocalCluster.RunChecked(3, rank => TrainRank(rank, Options(), ModelFixtures.Corpus));
        Assert.That(models[1].Vectors.ToArray(), Is.EqualTo(models[0].Vectors.ToArray()));
        Assert.That(models[2].Vectors.ToArray(), Is.EqualTo(models[0].Vectors.ToArray()));
        Assert.That(models[2].NegativeSamplingWeights.ToArray(), Is.EqualTo(models[0].NegativeSamplingWeights.ToArray()));
        Assert.That(models[2].HierarchicalSoftmaxWeights.ToArray(), Is.EqualTo(models[0].HierarchicalSoftmaxWeights.ToArray()));
    }

    /// <summary>Each rank trains its half of the corpus; the words only the second half has are trained on rank 1
    /// alone, and rank 0's model has them trained too (and likewise the other way round).</summary>
    [Test]
    public void Ranks_TrainOneModel_EachSeesTheWordsOnlyTheOtherTrained()
    {
        var first = DemoCommand.GenerateCorpus(1500, 31).Replace("cat", "alpha", StringComparison.Ordinal);
        var second = DemoCommand.GenerateCorpus(1500, 32).Replace("cat", "omega", StringComparison.Ordinal);
        // Equal byte lengths: each rank's byte range is one half.
        int n = Math.Min(first.Length, second.Length);
        string corpus = Scratch.File(Encoding.ASCII.GetBytes(first[..n] + second[..n]), "halves.txt");
        var options = Options(iterations: 1);
        var models = LocalCluster.RunChecked(2, rank => TrainRank(rank, options, corpus, period: TimeSpan.FromHours(1)));
        var setup = TrainingSetup.Create(options, TrainingCorpus.FromFile(corpus));
        setup.UseVocabulary(models[0].Vocabulary);
        var initial = setup.InitialVectors();
        foreach (string word in new[] { "alpha", "omega" })
        {
            int i = models[0].Vocabulary.Search(word);
            Assert.That(i, Is.GreaterThan(0), word);
            var start = initial.AsSpan(i * options.Size, options.Size).ToArray();
            Assert.That(models[0].Vector(i).ToArray(), Is.Not.EqualTo(start), $"rank 0's model has {word} trained");
        }
    }

    /// <summary>The learning rate's clock is the words of every rank: rank 0's progress reaches the whole plan, not
    /// its own half of it.</summary>
    [Test]
    public void Progress_CountsTheWordsOfEveryRank()
    {
        var reports = new List<TrainingProgress>();
        var progress = new SynchronousProgress<TrainingProgress>(p => reports.Add(p));
        var models = LocalCluster.RunChecked(2, rank => TrainRank(rank, Options(iterations: 3), ModelFixtures.Corpus, rank.Rank == 0 ? progress : null));
        var last = reports[^1];
        Assert.That(last.IsComplete, Is.True);
        Assert.That(last.WordsProcessed, Is.GreaterThanOrEqualTo(last.TotalWords * 99 / 100));
        Assert.That(models[0].State!.WordsProcessed, Is.EqualTo(last.WordsProcessed));
        // Between rounds the count is an estimate that never goes back; the last report is the exact sum.
        Assert.That(reports.SkipLast(1).Select(r => r.WordsProcessed), Is.Ordered.Ascending);
    }

    /// <summary>Four ranks on this small machine synchronise seldom for how fast they train; without the bound on the
    /// words a rank has not seen (<see cref="TrainingHooks.SyncWords"/>) their summed changes to the most trained rows,
    /// each made against stale rows, made training diverge (the negative-sampling row of "the" grew past 1,000).</summary>
    [Test]
    public void FourRanks_BoundedStaleness_KeepsTrainingStable()
    {
        string text = Word2VecNative.Parity.Infrastructure.SharedData.Require("text8-prefix-12.5M");
        var options = new TrainingOptions { Size = 100, Window = 5, Negative = 5, Sample = 1e-4f, MinCount = 5, Iterations = 2, Threads = 1, Cbow = false };
        var models = LocalCluster.RunChecked(4, rank => TrainRank(rank, options, text, period: TrainingHooks.DefaultSyncPeriod));
        var m = models[0];
        double Norm(ReadOnlySpan<float> row) => Math.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot(row, row));
        int the = m.Vocabulary.Search("the");
        double input = Norm(m.Vector(the)), output = Norm(m.NegativeSamplingWeights.Slice(the * m.Size, m.Size));
        TestContext.Out.WriteLine($"'the': input row {input:F2}, output row {output:F2}");
        Assert.That(m.CountNonFiniteVectors(), Is.Zero);
        Assert.That(input, Is.LessThan(10));
        Assert.That(output, Is.LessThan(10));
    }

    [Test]
    public void OtherOptions_OnOneRank_AreOneErrorOnEveryRank()
    {
        var results = LocalCluster.Run(2, rank => TrainRank(rank, rank.Rank == 1 ? Options() with { Window = 4 } : Options(), ModelFixtures.Corpus));
        foreach (var (_, error) in results)
        {
            Assert.That(error, Is.TypeOf<Word2VecException>());
            Assert.That(error!.Message, Is.EqualTo("rank 1 of 2 was given other options than rank 0: every rank must be started with the same ones"));
        }
    }

    [Test]
    public void AnotherCorpus_OnOneRank_IsOneErrorOnEveryRank()
    {
        var results = LocalCluster.Run(2, rank => TrainRank(rank, Options(), rank.Rank == 1 ? ModelFixtures.OtherCorpus : ModelFixtures.Corpus));
        foreach (var (_, error) in results)
            Assert.That(error?.Message, Does.StartWith("rank 1 of 2 reads another corpus than rank 0"));
    }

    /// <summary>A rank whose training fails (here its progress handler throws) ends the run on every rank with its error.</summary>
    [Test]
    public void FailureOnOneRank_DuringTraining_EndsEveryRankWithIt()
    {
        var failing = new SynchronousProgress<TrainingProgress>(_ => throw new IOException("disk full"));
        var results = LocalCluster.Run(2, rank => TrainRank(rank, Options(iterations: 20), ModelFixtures.Corpus, rank.Rank == 1 ? failing : null));
        foreach (var (model, error) in results)
        {
            Assert.That(model, Is.Null);
            Assert.That(error?.Message, Is.EqualTo("training failed on rank 1 of 2: disk full"));
        }
    }

    /// <summary>A rank cancelled before training starts (its token, not the others'): it throws its cancellation, the
    /// others one error naming it, and none waits for it.</summary>
    [TestCase(0)] // while it learns the vocabulary
    [TestCase(1)] // when its threads start
    public void CancellationOfOneRank_BeforeTraining_EndsEveryRank(int which)
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var results = LocalCluster.Run(2, rank =>
        {
            using var c = TrainingCorpus.FromFile(ModelFixtures.Corpus);
            return Trainer.Train(Options(), c, cancellationToken: rank.Rank == which ? cancelled.Token : default,
                hooks: new TrainingHooks { Communicator = rank });
        });
        Assert.That(results[1 - which].Error?.Message, Is.EqualTo($"training was cancelled on rank {which} of 2"));
        Assert.That(results[which].Error, Is.InstanceOf<OperationCanceledException>());
    }

    /// <summary>Ranks that continue different models (another file on one host) are one error, before any weights move.</summary>
    [Test]
    public void AnotherModel_OnOneRank_IsOneErrorOnEveryRank()
    {
        var small = ModelFixtures.Train(Options(iterations: 1));
        var other = ModelFixtures.Train(Options(iterations: 1) with { Size = 16 });
        var results = LocalCluster.Run(2, rank =>
        {
            using var c = TrainingCorpus.FromFile(ModelFixtures.Corpus);
            return Trainer.Continue(rank.Rank == 0 ? small : other, c, hooks: new TrainingHooks { Communicator = rank });
        });
        foreach (var (_, error) in results)
            Assert.That(error?.Message, Is.EqualTo("rank 1 of 2 has another model setup than rank 0 (options, vocabulary or training state): every rank must train the same one"));
    }

    [Test]
    public void EpochEndCallback_AndStopAfter_AreRefusedAcrossProcesses()
    {
        var results = LocalCluster.Run(1, rank => Trainer.Train(Options(), ModelFixtures.Corpus,
            hooks: new TrainingHooks { Communicator = rank, OnEpochEnd = _ => { } }));
        Assert.That(results[0].Error?.Message, Does.StartWith("an epoch-end callback cannot be used across processes"));
        results = LocalCluster.Run(1, rank => Trainer.Train(Options() with { StopAfterEpoch = 1 }, ModelFixtures.Corpus,
            hooks: new TrainingHooks { Communicator = rank }));
        Assert.That(results[0].Error?.Message, Does.StartWith("-stop-after cannot be used across processes"));
    }

    private static byte[] VocabularyBytes(Word2VecModel model)
    {
        using var ms = new MemoryStream();
        model.Vocabulary.Save(ms);
        return ms.ToArray();
    }
}
