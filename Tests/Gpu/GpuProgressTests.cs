using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>What GPU training reports as it goes: the CPU engine's contract (see TrainerTests), on ILGPU's CPU
/// accelerator.</summary>
[TestFixture]
public sealed class GpuProgressTests
{
    private sealed class Recorder : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value) => Reports.Add(value);
    }

    [Test]
    public void ReportsProgressThenOneCompletion()
    {
        var r = new Random(3);
        using var corpus = TrainingCorpus.FromSentences(Enumerable.Range(0, 120)
            .Select(_ => Enumerable.Range(0, 10).Select(_ => $"w{(int)Math.Sqrt(r.Next(400))}").ToArray()));
        var options = new TrainingOptions { Size = 16, Window = 3, MinCount = 1, Iterations = 2, Sample = 0 };
        var setup = TrainingSetup.Create(options, corpus);
        setup.LearnVocabulary();
        var recorder = new Recorder();
        using (var device = GpuTestEnvironment.Accelerator("cpu"))
            GpuTrainer.Train(setup, device.Accelerator, device.Info, recorder, CancellationToken.None,
                new GpuTrainingSettings { MaxSentencesPerLaunch = 30 });

        var reports = recorder.Reports;
        Assert.That(reports, Has.Count.GreaterThanOrEqualTo(6), "reports between launches, and the completion");
        Assert.That(reports.Select(p => p.WordsProcessed), Is.Ordered.Ascending);
        Assert.That(reports.Select(p => p.Epoch), Is.Ordered.Ascending);
        Assert.That(reports.Take(reports.Count - 1).Select(p => p.IsComplete), Is.All.False);
        Assert.That(reports[^1].IsComplete, Is.True);
        Assert.That((reports[^1].Epoch, reports[^1].Epochs), Is.EqualTo((2, 2)));
        Assert.That(reports.Count(p => p.WordsProcessed == reports[^1].WordsProcessed), Is.EqualTo(1),
            "the end of the run is reported once (the progress line showed 100.00% twice)");
    }
}
