using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

/// <summary>The CPU trainer as a library uses it: progress and its completion, cancellation once the threads train,
/// streams as corpora, every arithmetic and thread layout.</summary>
[NonParallelizable]
public sealed class TrainerTests
{
    private static IEnumerable<string[]> Sentences(int count, int seed) =>
        DemoCommand.GenerateCorpus(count, seed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '));

    /// <summary>Collects reports on the training threads' reporter, synchronously (Progress&lt;T&gt; would post them).</summary>
    private sealed class Recorder(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value)
        {
            lock (Reports) Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    [Test]
    public void Trainer_Train_ReportsProgressThenCompletion()
    {
        using var corpus = TrainingCorpus.FromSentences(Sentences(40000, 5));
        var options = new TrainingOptions { Cbow = false, Size = 32, MinCount = 1, Iterations = 4, Threads = 2, Sample = 0 };
        var recorder = new Recorder();
        var model = Trainer.Train(options, corpus, progress: recorder);
        var reports = recorder.Reports;
        Assert.That(reports, Has.Count.GreaterThanOrEqualTo(2), "reports while training, and the completion");
        Assert.That(reports.Select(r => r.WordsProcessed), Is.Ordered.Ascending);
        Assert.That(reports.Take(reports.Count - 1).Select(r => r.IsComplete), Is.All.False);
        var last = reports[^1];
        Assert.That(last.IsComplete, Is.True);
        Assert.That((last.Epoch, last.Epochs), Is.EqualTo((4, 4)));
        Assert.That(last.TotalWords, Is.EqualTo(4 * model.Vocabulary.TrainWords + 1));
        Assert.That(last.Percent, Is.GreaterThan(99f), "the last line shows the run's end, not where the reporter last looked");
        Assert.That(reports.Select(r => r.Epoch), Is.Ordered.Ascending);
        Assert.That(last.Alpha, Is.LessThan(options.StartingAlpha * 0.1f));
        Assert.That(last.ToCLine(), Does.StartWith("\rAlpha: ").And.Contain("Progress: "));
    }

    [Test]
    public void Trainer_Train_CancelledWhileTheThreadsTrain_StopsPromptly()
    {
        using var corpus = TrainingCorpus.FromSentences(Sentences(20000, 3));
        var options = new TrainingOptions { MinCount = 1, Iterations = 2000, Threads = 2, Size = 20 };
        using var cts = new CancellationTokenSource();
        var cancelledAt = new Stopwatch();
        // Cancelled from the first report with words processed: the vocabulary pass is over, the threads are training.
        var recorder = new Recorder(r =>
        {
            if (r.WordsProcessed > 0 && !cts.IsCancellationRequested)
            {
                cancelledAt.Start();
                cts.Cancel();
            }
        });
        Assert.That(() => Trainer.Train(options, corpus, progress: recorder, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(cancelledAt.IsRunning, Is.True, "training reported words before it was cancelled");
        Assert.That(cancelledAt.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the threads stop within a few thousand words");
        Assert.That(recorder.Reports.Any(r => r.IsComplete), Is.False);
    }

    [Test]
    public void Cli_CancelledWhileTraining_ExitsWith130AndWritesNothing()
    {
        string dir = Path.GetDirectoryName(Scratch.File(Encoding.ASCII.GetBytes(DemoCommand.GenerateCorpus(20000, 4)), "corpus.txt"))!;
        string output = Path.Combine(dir, "vectors.bin");
        using var cts = new CancellationTokenSource();
        // The progress line is written by training only: cancel when it first appears.
        var stdout = new CancelOnText("Progress:", cts);
        var stderr = new StringWriter();
        int code = Program.Run(["-train", Path.Combine(dir, "corpus.txt"), "-output", output, "-min-count", "1", "-iter", "2000", "-threads", "2", "-size", "20"],
            stdout, Stream.Null, stderr, cts.Token);
        Assert.That(code, Is.EqualTo(Program.ExitInterrupted));
        Assert.That(stderr.ToString(), Is.EqualTo("ERROR: cancelled" + Environment.NewLine));
        Assert.That(stdout.Seen, Is.True);
        Assert.That(stdout.SinceCancel.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)), "the threads stop within a few thousand words");
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "corpus.txt" }), "no output, no temporary file");
    }

    private sealed class CancelOnText(string text, CancellationTokenSource cts) : StringWriter
    {
        public bool Seen { get; private set; }

        public Stopwatch SinceCancel { get; } = new();

        public override void Write(string? value)
        {
            base.Write(value);
            if (value != null && !Seen && value.Contains(text, StringComparison.Ordinal))
            {
                Seen = true;
                SinceCancel.Start();
                cts.Cancel();
            }
        }
    }

    [Test]
    public void TrainingCorpus_FromStream_TrainsAsTheSameFile()
    {
        byte[] text = Encoding.ASCII.GetBytes(DemoCommand.GenerateCorpus(3000, 9));
        string path = Scratch.File(text, "corpus.txt");
        var options = new TrainingOptions { Size = 16, MinCount = 1, Iterations = 2, Threads = 1, Arithmetic = Arithmetic.Exact };
        var fromFile = Trainer.Train(options, path);
        string temp;
        Word2VecModel fromStream;
        using (var corpus = TrainingCorpus.FromStream(new MemoryStream(text)))
        {
            temp = corpus.Path;
            Assert.That(File.ReadAllBytes(temp), Is.EqualTo(text));
            fromStream = Trainer.Train(options, corpus);
        }
        Assert.That(fromStream.Vectors.ToArray(), Is.EqualTo(fromFile.Vectors.ToArray()));
        Assert.That(File.Exists(temp), Is.False, "the stream's temporary copy is deleted with the corpus");
    }

    [TestCase(Arithmetic.Fast, 2, true, 0)]
    [TestCase(Arithmetic.Fast, 2, true, 5)]
    [TestCase(Arithmetic.Fast, 1, true, 0)]
    [TestCase(Arithmetic.Exact, 2, true, 0)]
    [TestCase(Arithmetic.Fast, 2, false, 5)]
    public void Trainer_Train_EveryThreadLayoutLearnsTheGrammar(Arithmetic arithmetic, int threads, bool hs, int negative)
    {
        // Fast mode with hierarchical softmax and several threads keeps private copies of the busiest rows.
        using var corpus = TrainingCorpus.FromSentences(Sentences(20000, 11));
        var options = new TrainingOptions
        {
            Cbow = false,
            Size = 32,
            Window = 4,
            MinCount = 1,
            Sample = 0,
            Iterations = 3,
            Threads = threads,
            Arithmetic = arithmetic,
            HierarchicalSoftmax = hs,
            Negative = negative,
        };
        var vectors = Word2VecNative.Vectors.WordVectors.FromModel(Trainer.Train(options, corpus));
        string[] animals = ["dog", "horse", "cow", "sheep", "goat", "pig", "rabbit"];
        var near = vectors.MostSimilar("cat", 3).Select(n => n.Word);
        Assert.That(near, Is.SubsetOf(animals), string.Join(", ", near));
    }

    [Test]
    public void Trainer_Train_EmptyAndLongSentences()
    {
        string[][] sentences = [[], ["a", "b"], [], Enumerable.Repeat("c", 2500).ToArray(), ["a", "c", "b"], []];
        using var corpus = TrainingCorpus.FromSentences(Enumerable.Repeat(sentences, 30).SelectMany(s => s));
        var model = Trainer.Train(new TrainingOptions { Size = 8, MinCount = 1, Iterations = 2, Threads = 2 }, corpus);
        Assert.That(model.Vocabulary.Count, Is.EqualTo(4));
        Assert.That(model.Vectors.ToArray().All(float.IsFinite), Is.True);
    }

    [Test]
    public void TrainingCorpus_FromSentences_NullSentenceIsAnArgumentError() =>
        Assert.That(() => TrainingCorpus.FromSentences([["a"], null!]), Throws.ArgumentException.With.Message.Contains("sentence 1 is null"));

    [Test]
    public void Trainer_Train_NoSentencesIsOneClearError()
    {
        using var corpus = TrainingCorpus.FromSentences([]);
        var e = Assert.Throws<Word2VecException>(() => Trainer.Train(new TrainingOptions(), corpus));
        Assert.That(e!.Message, Is.EqualTo("sentence list is empty"));
    }
}
