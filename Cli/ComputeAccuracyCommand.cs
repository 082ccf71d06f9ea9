using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec compute-accuracy FILE [threshold]</c>: compute-accuracy.c, questions on standard input;
/// threshold &gt; 0 evaluates with the first <c>threshold</c> words only.</summary>
internal static class ComputeAccuracyCommand
{
    public static int Run(string[] args, TextWriter stdout, TextReader stdin)
    {
        if (args.Length < 1)
        {
            stdout.Write("Usage: ./compute-accuracy <FILE> <threshold>\nwhere FILE contains word projections, and threshold is used to reduce vocabulary of the model for fast approximate evaluation (0 = off, otherwise typical value is 30000)\n");
            return 0;
        }
        int threshold = args.Length > 1 ? CText.Atoi(args[1]) : 0;
        if (threshold < 0) throw new CliError($"ERROR: invalid threshold {args[1]} (0 = off, otherwise the number of words to use)");
        var vectors = WordVectors.Load(args[0], VectorFileFormat.Auto, threshold);
        AnalogyEvaluator.Run(vectors, stdin, threshold, stdout);
        return 0;
    }
}
