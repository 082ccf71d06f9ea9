using Word2VecNative.Training;

namespace ReadmeSnippets;

/// <summary>README.md, "## Library": stopping after two epochs, saving the model, continuing it.
/// The block as written is the body of <see cref="Run"/>, in a file with the block's using lines only, outside the
/// Word2VecNative namespaces: it compiles here only if it compiles on its own (ReadmeExampleTests checks that the
/// block is here word for word, and runs it).</summary>
internal static class ContinuedTraining
{
    public static void Run()
    {
        // --- README example ---
        var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
        using var corpus = TrainingCorpus.FromFile("corpus.txt");
        var plan = options with { Iterations = 4, StopAfterEpoch = 2 };
        Word2VecModel half = Trainer.Train(plan, corpus);                      // epochs 1 and 2 of 4
        half.Save("half.w2vm");                                                // vocabulary, weights, settings, state
        Word2VecModel whole = Trainer.Continue(Word2VecModel.Load("half.w2vm"), corpus);  // epochs 3 and 4, same rates
        var newPlan = whole.Options! with { Iterations = 1, ComputeLoss = true };
        Word2VecModel more = Trainer.Continue(whole, corpus, newPlan,          // a new plan, from the starting rate
            new SynchronousProgress<TrainingProgress>(p => Console.Write($"\rloss {p.Loss:F0}")));
        // --- end ---
    }
}
