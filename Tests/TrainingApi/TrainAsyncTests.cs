using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.TrainingApi;

/// <summary><see cref="Trainer.TrainAsync(TrainingOptions, TrainingCorpus, Vocab.Vocabulary?, IProgress{TrainingProgress}?, CancellationToken, TrainingHooks?)"/>
/// and the progress reports: in order, on one thread, at most 100%.</summary>
public sealed class TrainAsyncTests
{
    [Test]
    public async Task TrainAsync_ReturnsAtOnce_AndGivesTheModelTrainGives()
    {
        var options = ModelFixtures.Options(iterations: 2);
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        using var started = new ManualResetEventSlim();
        using var go = new ManualResetEventSlim();
        int caller = Environment.CurrentManagedThreadId;
        int reportThread = -1;
        // The first report waits until the caller has seen the call return: a blocking TrainAsync would never get there.
        var progress = new SynchronousProgress<TrainingProgress>(_ =>
        {
            reportThread = Environment.CurrentManagedThreadId;
            started.Set();
            go.Wait(TimeSpan.FromSeconds(30));
        });
        var task = Trainer.TrainAsync(options, corpus, progress: progress);
        Assert.That(task.IsCompleted, Is.False);
        go.Set();
        var model = await task;
        Assert.That(started.IsSet, Is.True);
        Assert.That(reportThread, Is.Not.EqualTo(caller), "training runs on a thread of its own");
        Assert.That(ModelFixtures.Save(model), Is.EqualTo(ModelFixtures.Save(ModelFixtures.Train(options))));
    }

    [Test]
    public void TrainAsync_Cancelled_EndsCancelledSoon()
    {
        var options = ModelFixtures.Options(iterations: 100_000);
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        using var cts = new CancellationTokenSource();
        using var training = new ManualResetEventSlim();
        var task = Trainer.TrainAsync(options, corpus, progress: new SynchronousProgress<TrainingProgress>(_ => training.Set()), cancellationToken: cts.Token);
        Assert.That(training.Wait(TimeSpan.FromSeconds(60)), Is.True, "training started");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        cts.Cancel();
        Assert.That(() => task.Wait(TimeSpan.FromSeconds(10)), Throws.InstanceOf<AggregateException>().With.InnerException.InstanceOf<OperationCanceledException>());
        Assert.That(task.IsCanceled, Is.True);
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public void TrainAsync_AlreadyCancelled_IsACancelledTask()
    {
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var task = Trainer.TrainAsync(ModelFixtures.Options(), corpus, cancellationToken: new CancellationToken(true));
        Assert.That(task.IsCanceled, Is.True);
        Assert.That(Trainer.TrainAsync(ModelFixtures.Options(), ModelFixtures.Corpus, cancellationToken: new CancellationToken(true)).IsCanceled, Is.True);
    }

    [TestCase(1)]
    [TestCase(4)]
    public void Progress_ArrivesInOrderOnOneThread_AtMost100Percent(int threads)
    {
        var reports = new List<(TrainingProgress P, int Thread)>();
        var options = ModelFixtures.Options(iterations: 3) with { Threads = threads, Arithmetic = threads == 1 ? Arithmetic.Exact : Arithmetic.Fast };
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        Trainer.Train(options, corpus, progress: new SynchronousProgress<TrainingProgress>(p => reports.Add((p, Environment.CurrentManagedThreadId))));
        Assert.That(reports.Select(r => r.Thread).Distinct(), Has.Exactly(1).Items);
        Assert.That(reports.Select(r => r.P.WordsProcessed), Is.Ordered.Ascending);
        Assert.That(reports.Select(r => r.P.Elapsed), Is.Ordered.Ascending);
        Assert.That(reports.Select(r => r.P.Percent), Is.All.InRange(0f, 100f));
        var last = reports[^1].P;
        Assert.That((last.IsComplete, last.Remaining), Is.EqualTo((true, (TimeSpan?)TimeSpan.Zero)));
        Assert.That(last.WordsPerSecond, Is.EqualTo(last.WordsProcessed / last.Elapsed.TotalSeconds).Within(1).Percent);
    }

    [Test]
    public void Progress_PastTheTotal_IsAt100_WhileTheCLineKeepsCsFigure()
    {
        var p = new TrainingProgress(0.001f, 1030, 1001, 5000, 1, 1, false);
        Assert.That(p.Percent, Is.EqualTo(100f));
        Assert.That(p.ToCLine(), Does.Contain("Progress: 102.90%"));
        var half = p with { WordsProcessed = 500, WordsPerSecond = 100 };
        Assert.That(half.Percent, Is.EqualTo(500 / 1001f * 100));
    }

    [Test]
    public void Progress_Remaining_IsEstimatedFromTheSpeed()
    {
        var reports = new List<TrainingProgress>();
        var options = ModelFixtures.Options(iterations: 20);
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        Trainer.Train(options, corpus, progress: new SynchronousProgress<TrainingProgress>(reports.Add));
        var middle = reports.Where(r => !r.IsComplete && r.Remaining != null).ToList();
        Assert.That(middle, Is.Not.Empty);
        foreach (var r in middle)
        {
            double expected = (r.TotalWords - 1 - r.WordsProcessed) / r.WordsPerSecond;
            Assert.That(r.Remaining!.Value.TotalSeconds, Is.EqualTo(Math.Max(0, expected)).Within(0.01));
        }
    }
}
