using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

/// <summary>The settings beyond C's flags: the seed, the initial vector range and the final learning rate, each with
/// C's behaviour as its default.</summary>
public sealed class TrainingSettingsTests
{
    private static TrainingSetup Setup(TrainingOptions options)
    {
        var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var setup = TrainingSetup.Create(options, corpus);
        setup.LearnVocabulary();
        return setup;
    }

    [Test]
    public void InitialVectors_Defaults_AreCsInitNet()
    {
        var setup = Setup(ModelFixtures.Options());
        float[] v = setup.InitialVectors();
        var rnd = new CRandom(1);
        for (int i = 0; i < v.Length; i++)
        {
            ulong r = rnd.Next();
            Assert.That(v[i], Is.EqualTo((float)(((r & 0xFFFF) / (float)65536 - 0.5) / 12)), $"element {i}");
        }
        Assert.That(setup.ThreadSeed(0), Is.EqualTo(0UL));
        Assert.That(setup.ThreadSeed(3), Is.EqualTo(3UL));
    }

    [Test]
    public void InitialVectors_RangeAndSeed_ScaleAndMoveTheDraws()
    {
        var c = Setup(ModelFixtures.Options()).InitialVectors();
        var wide = Setup(ModelFixtures.Options() with { InitialRange = 1 }).InitialVectors();
        Assert.That(wide.Zip(c, (w, x) => w - 2 * x), Is.All.EqualTo(0).Within(1e-7f), "twice C's values");
        Assert.That(wide.Max(), Is.LessThan(1f / 12).And.GreaterThan(0.9f / 12));
        Assert.That(wide.Min(), Is.GreaterThanOrEqualTo(-1f / 12).And.LessThan(-0.9f / 12));
        var seeded = Setup(ModelFixtures.Options() with { Seed = 7 });
        var rnd = new CRandom(7);
        Assert.That(seeded.InitialVectors()[0], Is.EqualTo((float)(((rnd.Next() & 0xFFFF) / (float)65536 - 0.5) / 12)));
        Assert.That(seeded.ThreadSeed(2), Is.EqualTo(8UL));
        Assert.That(Setup(ModelFixtures.Options() with { Seed = 0 }).ThreadSeed(0), Is.EqualTo(ulong.MaxValue), "seed - 1 wraps as C's unsigned arithmetic does");
    }

    [Test]
    public void LearningRate_MinAlpha_FallsInAStraightLineToIt()
    {
        var c = LearningRateSchedule.For(0.025f, 2, 1000);
        Assert.That((c.At(0), c.At(1000)), Is.EqualTo((0.025f, 0.025f * (1 - 1000 / 2001f))));
        Assert.That(c.At(2001), Is.EqualTo((float)(0.025f * 0.0001)), "C's floor");
        var g = LearningRateSchedule.For(0.025f, 0.0001f, 2, 1000);
        Assert.That(g.At(0), Is.EqualTo(0.025f));
        Assert.That(g.At(1000), Is.EqualTo(0.025f - (0.025f - 0.0001f) * (1000 / 2001f)));
        Assert.That(g.At(2001), Is.EqualTo(0.0001f));
        Assert.That(g.At(5000), Is.EqualTo(0.0001f), "never past the final rate");
        var flat = LearningRateSchedule.For(0.025f, 0.025f, 2, 1000);
        Assert.That(flat.At(1500), Is.EqualTo(0.025f));
    }

    [Test]
    public void Train_Seed_ChangesTheRunAndItsDefaultIsCs()
    {
        var c = ModelFixtures.Train(ModelFixtures.Options(iterations: 1));
        var one = ModelFixtures.Train(ModelFixtures.Options(iterations: 1) with { Seed = 1 });
        var two = ModelFixtures.Train(ModelFixtures.Options(iterations: 1) with { Seed = 2 });
        Assert.That(one.Vectors.ToArray(), Is.EqualTo(c.Vectors.ToArray()));
        Assert.That(two.Vectors.ToArray(), Is.Not.EqualTo(c.Vectors.ToArray()));
    }

    [Test]
    public void Train_MinAlpha_EndsAtIt()
    {
        var reports = new List<TrainingProgress>();
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var model = Trainer.Train(ModelFixtures.Options(iterations: 2) with { MinAlpha = 0.01f }, corpus, progress: new ContinuedTrainingTests.SyncProgress(reports.Add));
        var schedule = model.State!.LearningRate;
        Assert.That(schedule, Is.EqualTo(LearningRateSchedule.For(0.025f, 0.01f, 2, model.Vocabulary.TrainWords)));
        // The rate of the last clock tick, at most 10,000 words (and a sentence) before the end.
        long done = reports[^1].WordsProcessed;
        Assert.That(reports[^1].Alpha, Is.GreaterThanOrEqualTo(0.01f).And.LessThanOrEqualTo(schedule.At(done - 11_000)));
        Assert.That(schedule.At(done - 11_000), Is.LessThan(0.014f));
    }

    [TestCase("InitialRange", "-init-range must be a positive number (got 0) (Parameter 'InitialRange')")]
    [TestCase("MinAlpha", "-min-alpha must be 0 or more (got NaN) (Parameter 'MinAlpha')")]
    [TestCase("StopAfterEpoch", "-stop-after must be a positive integer (got 0) (Parameter 'StopAfterEpoch')")]
    public void TrainingOptions_BadNewSetting_IsOneError(string property, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => _ = property switch
        {
            "InitialRange" => new TrainingOptions { InitialRange = 0 },
            "MinAlpha" => new TrainingOptions { MinAlpha = float.NaN },
            _ => new TrainingOptions { StopAfterEpoch = 0 },
        });
        Assert.That(e!.Message, Is.EqualTo(message));
        Assert.That(e.ParamName, Is.EqualTo(property));
    }
}
