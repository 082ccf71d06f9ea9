using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec compute-accuracy FILE [threshold]</c>: compute-accuracy.c, questions on standard input;
/// threshold &gt; 0 evaluates with the first <c>threshold</c> words only.</summary>
internal static class ComputeAccuracyCommand
{
    public static int Run(VerbContext c)
    {
        if (c.Args.Length < 1)
        {
            c.Stdout.Write($"Usage: {c.ProgramName} <FILE> <threshold>\nwhere FILE contains word projections, and threshold is used to reduce vocabulary of the model for fast approximate evaluation (0 = off, otherwise typical value is 30000)\n");
            return 0;
        }
        int threshold = c.Args.Length > 1 ? CText.Atoi(c.Args[1]) : 0;
        if (threshold < 0) throw new CliError($"ERROR: invalid threshold {CText.Printable(c.Args[1])} (0 = off, otherwise the number of words to use)");
        var vectors = NeighbourCommand.LoadVectors(c.Args[0], threshold);
        vectors.EvaluateAnalogies(c.Stdin, threshold, c.Stdout);
        return 0;
    }
}
