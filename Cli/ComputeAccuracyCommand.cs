using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec compute-accuracy FILE [threshold]</c>: compute-accuracy.c, questions on standard input;
/// threshold &gt; 0 evaluates with the first <c>threshold</c> words only. As in C, the threshold is read with atoi and
/// further arguments are ignored, here with a warning (<see cref="CommandLineNotes.Positional"/>).</summary>
internal static class ComputeAccuracyCommand
{
    public static int Run(VerbContext c)
    {
        if (c.Args.Length < 1)
        {
            c.Stdout.Write($"Usage: {c.ProgramName} <FILE> <threshold>\nwhere FILE contains word projections, and threshold is used to reduce vocabulary of the model for fast approximate evaluation (0 = off, otherwise typical value is 30000)\n");
            return 0;
        }
        // C reads argv[1] and atoi(argv[2]) and ignores the rest.
        var (args, notes) = CommandLineNotes.Positional(c.Args, 2, "compute-accuracy reads <FILE> <threshold>");
        int threshold = args.Length > 1 ? new FlagValue("threshold", args[1], notes, 1).Int() : 0;
        if (threshold < 0) throw new CliError($"ERROR: invalid threshold {CText.Printable(args[1])} (0 = off, otherwise the number of words to use)");
        notes.WriteTo(c.Stderr);
        var vectors = NeighbourCommand.LoadVectors(args[0], threshold);
        vectors.EvaluateAnalogies(c.Stdin, threshold, c.Stdout);
        return 0;
    }
}
