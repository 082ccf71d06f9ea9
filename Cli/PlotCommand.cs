using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec plot [-output FILE] [-pairs 1] [-title TEXT] VECTORS word word ...</c>: an SVG of the words' 2-D PCA
/// projection (<see cref="WordPlot"/>), like the word2vec paper's country–capital figure; written to standard output
/// without -output.</summary>
internal static class PlotCommand
{
    public static int Run(VerbContext c)
    {
        var args = c.Args;
        if (args.Length == 0)
        {
            c.Stdout.Write($"Usage: {c.ProgramName} [-output <file.svg>] [-pairs 1] [-title <text>] <FILE> <word> <word> ...\n" +
                "writes an SVG of the words' projection on their first two principal components (each axis named with the share of\n" +
                "the variance it explains, every label inside the picture); -pairs 1 joins word 1 to 2, 3 to 4, ...\n");
            return 0;
        }
        var (options, rest) = LeadingOptions.Read(args, "plot", "output", "pairs", "title");
        string? output = options.TryGetValue("output", out string? o) ? FlagTable<object>.File("output", o) : null;
        bool pairs = options.TryGetValue("pairs", out string? p) && FlagTable<object>.Int("pairs", p) != 0;
        string? title = options.GetValueOrDefault("title");
        if (rest.Length == 0) throw new CliError("ERROR: plot needs a vectors file and at least two words");
        var words = rest[1..];
        if (words.Length < 2) throw new CliError("ERROR: plot needs at least two words");
        if (output != null && rest[0].Length > 0 && FilePaths.SameFile(rest[0], output))
            throw new CliError($"ERROR: -output {CText.Printable(output)} is the vectors file plot reads");
        var vectors = NeighbourCommand.LoadVectors(rest[0]);
        var missing = words.FirstOrDefault(w => !vectors.Contains(w));
        if (missing != null) throw new CliError($"ERROR: word '{CText.Printable(missing)}' is not in the vocabulary");
        if (output != null)
        {
            TrainCommand.EnsureWritableDirectory(output);
            WordPlot.WriteSvg(output, vectors, words, pairs, title);
        }
        else
        {
            c.Stdout.Flush();
            using var ms = new MemoryStream();
            WordPlot.WriteSvg(ms, WordPlot.Pca(vectors, words), pairs, title);
            c.Stdout.Write(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
        }
        return 0;
    }
}
