using Microsoft.Extensions.Logging.Abstractions;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace ReadmeSnippets;

/// <summary>README.md, "## Library": epoch-end callbacks, a logger, training on a thread of its own, the vocabulary's
/// limits. The block as written is the body of <see cref="Run"/>, in a file with the block's using lines only, outside
/// the Word2VecNative namespaces: it compiles here only if it compiles on its own (ReadmeExampleTests checks that the
/// block is here word for word, and runs it).</summary>
internal static class LibraryHooks
{
    public static async Task Run()
    {
        // --- README example ---
        var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
        using var corpus = TrainingCorpus.FromFile("corpus.txt");
        CancellationToken token = CancellationToken.None;                    // or a request's token
        double previous = double.MaxValue;
        var hooks = new TrainingHooks
        {
            OnEpochEnd = e =>                                     // on the trainer's thread, the training threads waiting
            {
                Console.WriteLine($"\nepoch {e.Epoch}/{e.Epochs}: loss {e.EpochLoss:F0}, {e.Elapsed.TotalSeconds:F1} s");
                if (e.Epoch == 1) e.Snapshot().Save("epoch1.w2vm");   // a checkpoint, continued as -stop-after 1's
                if (e.EpochLoss > previous) e.Stop();                 // stop early: the model as after this epoch
                previous = e.EpochLoss;
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
        Console.WriteLine($"\n{trained.Vocabulary.Count} words, {trained.State!.EpochsDone} epochs");
        // --- end ---
    }
}
