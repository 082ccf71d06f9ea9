using Microsoft.Extensions.Logging;
using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.TrainingApi;

/// <summary>Epoch-end callbacks, stopping early, snapshots and the logger of <see cref="TrainingHooks"/>.</summary>
public sealed class TrainingHooksTests
{
    [TestCase(1, Arithmetic.Exact)]
    [TestCase(3, Arithmetic.Fast)]
    public void OnEpochEnd_CalledOncePerEpochInOrder_OnTheCallingThread(int threads, Arithmetic arithmetic)
    {
        var seen = new List<(int Epoch, int Epochs, long Words, bool IsLast, int Thread, int Floats)>();
        int caller = Environment.CurrentManagedThreadId;
        EpochEnd? kept = null;
        var hooks = new TrainingHooks
        {
            OnEpochEnd = e =>
            {
                seen.Add((e.Epoch, e.Epochs, e.WordsProcessed, e.IsLast, Environment.CurrentManagedThreadId, e.Vectors.Length));
                kept = e;
            },
        };
        var options = ModelFixtures.Options(iterations: 3) with { Threads = threads, Arithmetic = arithmetic };
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var model = Trainer.Train(options, corpus, hooks: hooks);
        Assert.That(seen.Select(s => s.Epoch), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(seen.Select(s => s.Epochs), Is.All.EqualTo(3));
        Assert.That(seen.Select(s => s.IsLast), Is.EqualTo(new[] { false, false, true }));
        Assert.That(seen.Select(s => s.Thread), Is.All.EqualTo(caller), "called on the trainer's calling thread");
        Assert.That(seen.Select(s => s.Floats), Is.All.EqualTo(model.Vectors.Length));
        Assert.That(seen.Select(s => s.Words), Is.Ordered.Ascending);
        Assert.That(seen[^1].Words, Is.EqualTo(model.State!.WordsProcessed));
        Assert.That(() => kept!.Vectors.Length, Throws.InvalidOperationException, "the view ends with the callback");
        Assert.That(() => kept!.Snapshot(), Throws.InvalidOperationException);
        Assert.That(() => kept!.Stop(), Throws.InvalidOperationException, "a stop after the callback would be lost");
    }

    [Test]
    public void OnEpochEnd_OneThreadExact_LeavesTheBytesAsWithout()
    {
        var options = ModelFixtures.Options(iterations: 2);
        int calls = 0;
        var with = Trainer.Train(options, ModelFixtures.Corpus, hooks: new TrainingHooks { OnEpochEnd = _ => calls++ });
        var without = ModelFixtures.Train(options);
        Assert.That(calls, Is.EqualTo(2));
        Assert.That(ModelFixtures.Save(with), Is.EqualTo(ModelFixtures.Save(without)));
    }

    [TestCase(false, true, 3)]
    [TestCase(true, false, 5)]
    public void Stop_AfterEpochOne_IsStopAfterEpochsModel_AndContinuesToTheFullRun(bool cbow, bool hs, int negative)
    {
        var options = ModelFixtures.Options(cbow, hs, negative, iterations: 3);
        var stopped = Trainer.Train(options, ModelFixtures.Corpus, hooks: new TrainingHooks { OnEpochEnd = e => e.Stop() });
        var reference = ModelFixtures.Train(options with { StopAfterEpoch = 1 });
        Assert.That((stopped.State!.EpochsDone, stopped.State.PlannedEpochs, stopped.State.IsComplete), Is.EqualTo((1, 3, false)));
        Assert.That(ModelFixtures.Save(stopped), Is.EqualTo(ModelFixtures.Save(reference)), "the same model file as -stop-after 1");
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var resumed = Trainer.Continue(stopped, corpus);
        Assert.That(ModelFixtures.Save(resumed), Is.EqualTo(ModelFixtures.Save(ModelFixtures.Train(options))), "continued, the uninterrupted run");
    }

    [Test]
    public void Stop_WithSeveralThreads_EndsAfterThatEpoch()
    {
        var options = ModelFixtures.Options(iterations: 4) with { Threads = 3, Arithmetic = Arithmetic.Fast };
        var epochs = new List<int>();
        var model = Trainer.Train(options, ModelFixtures.Corpus, hooks: new TrainingHooks
        {
            OnEpochEnd = e =>
            {
                epochs.Add(e.Epoch);
                if (e.Epoch == 2) e.Stop();
            },
        });
        Assert.That(epochs, Is.EqualTo(new[] { 1, 2 }));
        Assert.That((model.State!.EpochsDone, model.State.Threads.Count), Is.EqualTo((2, 3)));
        Assert.That(model.State.WordsProcessed, Is.InRange(1.5 * model.Vocabulary.TrainWords, 2.5 * model.Vocabulary.TrainWords), "two epochs of the four");
    }

    [Test]
    public void OnEpochEnd_ContinuedPlan_NumbersTheEpochsOfThePlan()
    {
        var options = ModelFixtures.Options(iterations: 3);
        var half = ModelFixtures.Train(options with { StopAfterEpoch = 1 });
        var epochs = new List<(int, int)>();
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var whole = Trainer.Continue(half, corpus, hooks: new TrainingHooks { OnEpochEnd = e => epochs.Add((e.Epoch, e.Epochs)) });
        Assert.That(epochs, Is.EqualTo(new[] { (2, 3), (3, 3) }));
        Assert.That(ModelFixtures.Save(whole), Is.EqualTo(ModelFixtures.Save(ModelFixtures.Train(options))));
    }

    [Test]
    public void Snapshot_AtAnEpochEnd_IsTheModelStoppedThere()
    {
        var options = ModelFixtures.Options(iterations: 3);
        var snapshots = new List<Word2VecModel>();
        var full = Trainer.Train(options, ModelFixtures.Corpus, hooks: new TrainingHooks { OnEpochEnd = e => snapshots.Add(e.Snapshot()) });
        Assert.That(snapshots, Has.Count.EqualTo(3));
        Assert.That(ModelFixtures.Save(snapshots[0]), Is.EqualTo(ModelFixtures.Save(ModelFixtures.Train(options with { StopAfterEpoch = 1 }))));
        Assert.That(ModelFixtures.Save(snapshots[1]), Is.EqualTo(ModelFixtures.Save(ModelFixtures.Train(options with { StopAfterEpoch = 2 }))));
        Assert.That(ModelFixtures.Save(snapshots[2]), Is.EqualTo(ModelFixtures.Save(full)));
    }

    [Test]
    public void OnEpochEnd_Throws_TheTrainerThrowsItAfterTheThreadsStop()
    {
        var options = ModelFixtures.Options(iterations: 3) with { Threads = 2 };
        var e = Assert.Throws<InvalidTimeZoneException>(() => Trainer.Train(options, ModelFixtures.Corpus,
            hooks: new TrainingHooks { OnEpochEnd = _ => throw new InvalidTimeZoneException("from the callback") }));
        Assert.That(e!.Message, Is.EqualTo("from the callback"));
    }

    [Test]
    public void Cancelled_InTheCallback_OfAShortEpochs_StopsAtOnce()
    {
        // Epochs of a few sentences end well within the reporter's wait, so the threads are back at the gate before it
        // looks again: a cancellation must still be seen there, not only when the gate keeps it waiting.
        string corpus = Path.Combine(TestContext.CurrentContext.WorkDirectory, "short-epochs.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Repeat("alpha beta gamma delta\n", 10)));
        try
        {
            using var cts = new CancellationTokenSource();
            var options = ModelFixtures.Options(iterations: 100_000) with { MinCount = 1, Threads = 2, Size = 4 };
            int calls = 0;
            Assert.Throws(Is.InstanceOf<OperationCanceledException>(), () => Trainer.Train(options, corpus, cancellationToken: cts.Token,
                hooks: new TrainingHooks
                {
                    OnEpochEnd = e =>
                    {
                        if (++calls == 2) cts.Cancel();
                    },
                }));
            Assert.That(calls, Is.EqualTo(2), "no epoch-end callback after the cancellation");
        }
        finally
        {
            File.Delete(corpus);
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ProgressThatThrows_TheTrainerThrowsItAfterTheThreadsStop(bool epochEnd)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("threads are found by name in /proc/self/task");
        // 13 threads: the last is named word2vec-12, a name no other test's run has.
        var options = ModelFixtures.Options(iterations: 1_000_000) with { Threads = 13, Arithmetic = Arithmetic.Fast };
        var e = Assert.Throws<InvalidTimeZoneException>(() => Trainer.Train(options, ModelFixtures.Corpus,
            new ThrowingProgress(), hooks: epochEnd ? new TrainingHooks { OnEpochEnd = _ => { } } : null));
        Assert.That(e!.Message, Is.EqualTo("from the progress"));
        // An ended thread's system thread may take a moment to go; one still training stays.
        static bool Running() => Directory.GetDirectories("/proc/self/task").Any(t =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(t, "comm")).Trim() == "word2vec-12";
            }
            catch (IOException)
            {
                return false; // gone while listed
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Running() && clock.Elapsed < TimeSpan.FromSeconds(3)) Thread.Sleep(20);
        Assert.That(Running(), Is.False, "no training thread left running on the run's weights");
    }

    private sealed class ThrowingProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => throw new InvalidTimeZoneException("from the progress");
    }

    [Test]
    public void OnEpochEnd_Loss_IsTheRunsTotalAndTheEpochs()
    {
        var losses = new List<(double Total, double Epoch)>();
        var options = ModelFixtures.Options(iterations: 3) with { ComputeLoss = true };
        Trainer.Train(options, ModelFixtures.Corpus, hooks: new TrainingHooks { OnEpochEnd = e => losses.Add((e.Loss, e.EpochLoss)) });
        Assert.That(losses.Select(l => l.Epoch), Is.All.GreaterThan(0));
        Assert.That(losses[2].Total, Is.EqualTo(losses.Sum(l => l.Epoch)).Within(1e-6).Percent);
    }

    [Test]
    public void Logger_ReceivesTheSummaryLines()
    {
        var logger = new ListLogger();
        var options = ModelFixtures.Options(iterations: 2);
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var model = Trainer.Train(options, corpus, hooks: new TrainingHooks { Logger = logger, OnEpochEnd = _ => { } });
        var info = logger.Lines.Where(l => l.Level == LogLevel.Information).Select(l => l.Text).ToList();
        Assert.That(info[0], Is.EqualTo($"Vocabulary learnt: {model.Vocabulary.Count} words; {model.Vocabulary.TrainWords} words in the training file"));
        Assert.That(info[1], Does.StartWith($"Training 2 epochs of {model.Vocabulary.TrainWords} words with 1 threads"));
        Assert.That(info[2], Does.StartWith("Epoch 1 of 2 done: "));
        Assert.That(info[3], Does.StartWith("Epoch 2 of 2 done: "));
        Assert.That(info[4], Does.Match(@"^Training done: [0-9]+ words in [0-9.]+ s, [0-9]+ words/s$"));
        Assert.That(logger.Lines.Where(l => l.Level == LogLevel.Debug).Select(l => l.Text), Has.Some.StartWith("Progress "));
    }

    /// <summary>A logger that keeps what it is given.</summary>
    internal sealed class ListLogger : ILogger
    {
        public List<(LogLevel Level, string Text)> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add((logLevel, formatter(state, exception)));
        }
    }
}
