using Word2VecNative.Training;

namespace ReadmeSnippets;

/// <summary>README.md, "## Library": training on tokenised sentences, saving the vectors.
/// The block as written is the body of <see cref="Run"/>, in a file with the block's using lines only, outside the
/// Word2VecNative namespaces: it compiles here only if it compiles on its own (ReadmeExampleTests checks that the
/// block is here word for word, and runs it).</summary>
internal static class LibraryTraining
{
    public static void Run()
    {
        // --- README example ---
        IEnumerable<string[]> sentences = File.ReadLines("corpus.txt").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        CancellationToken token = CancellationToken.None;                    // or a request's token
        var options = new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 };
        using var corpus = TrainingCorpus.FromSentences(sentences);          // or FromFile(path), FromDirectory(dir), FromStream(stream)
        var progress = new SynchronousProgress<TrainingProgress>(p => Console.Write(p.ToCLine()));  // in order, see below
        Word2VecModel model = Trainer.Train(options, corpus, progress: progress, cancellationToken: token);
        model.SaveVectors("vectors.bin", binary: true);
        model.SaveVectors("vectors.txt", binary: false);
        // --- end ---
    }
}
