using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using Word2VecNative.Training;
using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests;

/// <summary>Keeps the README's library example true: it is the same code, run on a small generated corpus.</summary>
public class ReadmeExampleTests
{
    [Test]
    public void Readme_LibraryExample_TrainsSavesAndQueries()
    {
        string dir = Path.Combine(Path.GetTempPath(), "w2v-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            IEnumerable<string[]> sentences = DemoSentences(3000, seed: 7);
            using var cts = new CancellationTokenSource();

            // --- README example ---
            var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
            using var corpus = TrainingCorpus.FromSentences(sentences);
            var progress = new SynchronousProgress<TrainingProgress>(p => Console.Write(p.ToCLine()));  // in order, see below
            Word2VecModel model = Trainer.Train(options, corpus, progress: progress, cancellationToken: cts.Token);
            model.SaveVectors(Path.Combine(dir, "vectors.bin"), binary: true);
            model.SaveVectors(Path.Combine(dir, "vectors.txt"), binary: false);
            // --- end ---

            string path = Path.Combine(dir, "vectors.bin");
            var output = new StringWriter();

            // --- README query example ---
            var wv = WordVectors.Load(path);                 // ours, the C tool's or gensim's; binary or text
            float similarity = wv.Similarity("cat", "dog");
            foreach (var n in wv.MostSimilar("paris", topN: 3))
                output.WriteLine($"{n.Word} {n.Similarity:F4}");
            var nearApple = wv.Nearest(wv.Vector("apple"), k: 5);  // neighbours of any raw vector
            var fromModel = WordVectors.FromModel(model);            // or straight from training
            // --- end ---

            Assert.That(similarity, Is.GreaterThan(0.5f), "two animals of the generated grammar are similar");
            string[] cities = ["london", "berlin", "madrid", "rome", "vienna", "lisbon", "athens"];
            Assert.That(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]), Is.SubsetOf(cities));
            Assert.That(nearApple[0].Word, Is.EqualTo("apple"));
            Assert.That(fromModel.Count, Is.EqualTo(wv.Count));
            Assert.That(model.Vocabulary.Count, Is.EqualTo(72));
            Assert.That(File.ReadAllLines(Path.Combine(dir, "vectors.txt"))[0], Is.EqualTo("72 50"));
            Assert.That(new FileInfo(Path.Combine(dir, "vectors.bin")).Length, Is.GreaterThan(72 * 50 * 4));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Readme_ContinuationExample_StopsSavesResumesAndStartsANewPlan()
    {
        string dir = Path.Combine(Path.GetTempPath(), "w2v-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            IEnumerable<string[]> sentences = DemoSentences(3000, seed: 7);
            var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
            using var corpus = TrainingCorpus.FromSentences(sentences);
            string halfFile = Path.Combine(dir, "half.w2vm");
            var losses = new List<double>();

            // --- README continuation example (files in a temporary folder; the loss collected) ---
            var plan = options with { Iterations = 4, StopAfterEpoch = 2 };
            Word2VecModel half = Trainer.Train(plan, corpus);                      // epochs 1 and 2 of 4
            half.Save(halfFile);                                                   // vocabulary, weights, settings, state
            Word2VecModel whole = Trainer.Continue(Word2VecModel.Load(halfFile), corpus);  // epochs 3 and 4, same rates
            var newPlan = whole.Options! with { Iterations = 1, ComputeLoss = true };
            Word2VecModel more = Trainer.Continue(whole, corpus, newPlan,          // a new plan, from the starting rate
                new SynchronousProgress<TrainingProgress>(p => losses.Add(p.Loss)));
            // --- end ---

            Assert.That((half.State!.EpochsDone, whole.State!.EpochsDone, whole.State.IsComplete), Is.EqualTo((2, 4, true)));
            Assert.That((more.State!.PlannedEpochs, more.State.EpochsTrained), Is.EqualTo((1, 5L)));
            Assert.That(losses[^1], Is.GreaterThan(0));
            var wv = WordVectors.FromModel(more);
            Assert.That(wv.MostSimilar("cat", 3).Select(n => n.Word), Is.SubsetOf(new[] { "dog", "horse", "cow", "sheep", "goat", "pig", "rabbit" }));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public async Task Readme_HooksExample_ChecksPointsStopsLogsAndLimitsTheVocabulary()
    {
        string dir = Path.Combine(Path.GetTempPath(), "w2v-readme-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            IEnumerable<string[]> sentences = DemoSentences(3000, seed: 7);
            using var cts = new CancellationTokenSource();
            var token = cts.Token;
            var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
            using var corpus = TrainingCorpus.FromSentences(sentences);
            string checkpoint = Path.Combine(dir, "epoch1.w2vm");
            var epochs = new List<int>();
            var lines = new StringWriter();

            // --- README hooks example (the checkpoint in a temporary folder; the epochs and lines collected) ---
            double previous = double.MaxValue;
            var hooks = new TrainingHooks
            {
                OnEpochEnd = e =>                                     // on the trainer's thread, the training threads waiting
                {
                    lines.WriteLine($"epoch {e.Epoch}/{e.Epochs}: loss {e.EpochLoss:F0}, {e.Elapsed.TotalSeconds:F1} s");
                    if (e.Epoch == 1) e.Snapshot().Save(checkpoint);       // a checkpoint, continued as -stop-after 1's
                    if (e.EpochLoss > previous) e.Stop();                 // stop early: the model as after this epoch
                    previous = e.EpochLoss;
                    epochs.Add(e.Epoch);
                },
                Logger = NullLogger.Instance,                          // any ILogger: vocabulary, epochs, timings
            };
            var limited = options with
            {
                ComputeLoss = true,
                MaxVocabSize = 10_000_000,                             // prune while counting (C's ReduceVocab) past 10M words
                MaxFinalVocab = 50_000,                                // keep the 50,000 most frequent words at most
                TrimRule = (word, count, minCount) => word.StartsWith("http", StringComparison.Ordinal) ? TrimDecision.Discard : TrimDecision.Default,
            };
            Word2VecModel trained = await Trainer.TrainAsync(limited, corpus, hooks: hooks, cancellationToken: token,
                progress: new SynchronousProgress<TrainingProgress>(p =>
                    Console.Write($"\r{p.Percent:F1}%  {p.WordsPerSecond:F0} words/s  {p.Remaining?.TotalSeconds:F0} s left  ")));
            // --- end ---

            Assert.That(epochs, Is.EqualTo(Enumerable.Range(1, epochs.Count)), "once per epoch, in order");
            Assert.That(trained.State!.EpochsDone, Is.EqualTo(epochs[^1]));
            Assert.That(lines.ToString(), Does.StartWith("epoch 1/3: loss "));
            var saved = Word2VecModel.Load(checkpoint);
            Assert.That((saved.State!.EpochsDone, saved.State.PlannedEpochs), Is.EqualTo((1, 3)));
            Assert.That(trained.Vocabulary.Count, Is.EqualTo(72));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Test]
    public void Trainer_Train_AlreadyCancelledTokenStopsBeforeTraining()
    {
        using var corpus = TrainingCorpus.FromSentences(DemoSentences(20000, seed: 3));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var options = new TrainingOptions { MinCount = 1, Iterations = 50, Threads = 1, Size = 20 };
        Assert.That(() => Trainer.Train(options, corpus, cancellationToken: cts.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void TrainingCorpus_FromSentences_RejectsTokensWithWhiteSpace()
    {
        Assert.That(() => TrainingCorpus.FromSentences([["a b"]]), Throws.ArgumentException);
        Assert.That(() => TrainingCorpus.FromSentences([[""]]), Throws.ArgumentException);
    }

    /// <summary>The demo's generated corpus as tokenised sentences, as the README's snippets take them.</summary>
    private static IEnumerable<string[]> DemoSentences(int sentences, int seed) =>
        Word2VecNative.Cli.DemoCommand.GenerateCorpus(sentences, seed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '));
}
