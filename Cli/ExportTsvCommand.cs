using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec export-tsv -output PREFIX [-limit N] VECTORS</c>: the TensorFlow Embedding Projector's two TSV
/// files, <c>PREFIX_tensor.tsv</c> and <c>PREFIX_metadata.tsv</c>, as gensim's word2vec2tensor names and writes them
/// (<see cref="WordVectors.SaveProjectorTsv(string, string, int, CancellationToken)"/>).</summary>
internal static class ExportTsvCommand
{
    /// <summary>What gensim's word2vec2tensor appends to its output prefix.</summary>
    private const string VectorsSuffix = "_tensor.tsv", MetadataSuffix = "_metadata.tsv";

    public static int Run(VerbContext c)
    {
        var args = c.Args;
        if (args.Length == 0)
        {
            c.Stdout.Write($"Usage: {c.ProgramName} -output <prefix> [-limit <n>] <FILE>\n" +
                $"writes <prefix>{VectorsSuffix} (a row of tab-separated components per word) and <prefix>{MetadataSuffix}\n" +
                "(a word per line) for the TensorFlow Embedding Projector (projector.tensorflow.org), as gensim's\n" +
                "word2vec2tensor writes them; -limit keeps the first n words\n");
            return 0;
        }
        var (options, rest) = LeadingOptions.Read(args, "export-tsv", "output", "limit");
        if (rest.Length > 1) throw new CliError($"ERROR: unexpected argument '{CText.Printable(rest[1])}' for export-tsv (one vectors file, after the options)");
        if (!options.TryGetValue("output", out string? output)) throw new CliError("ERROR: export-tsv needs -output <prefix>");
        if (rest.Length == 0) throw new CliError("ERROR: export-tsv needs a vectors file");
        string prefix = FlagTable<object>.File("output", output);
        int limit = options.TryGetValue("limit", out string? text) ? FlagTable<object>.Int("limit", text) : 0;
        if (limit < 0) throw FlagValue.Invalid("-limit", text!);
        string vectorsOut = prefix + VectorsSuffix, metadataOut = prefix + MetadataSuffix;
        TrainCommand.EnsureWritableDirectory(vectorsOut);
        TrainCommand.EnsureWritableDirectory(metadataOut);
        // A link can make the two outputs, or an output and the vectors read, one file: one of them would be lost.
        if (FilePaths.SameFile(vectorsOut, metadataOut))
            throw new CliError($"ERROR: {CText.Printable(vectorsOut)} and {CText.Printable(metadataOut)} are the same file; one would be lost");
        foreach (string written in (string[])[vectorsOut, metadataOut])
        {
            if (rest[0].Length > 0 && FilePaths.SameFile(rest[0], written))
                throw new CliError($"ERROR: the vectors file {CText.Printable(rest[0])} is {CText.Printable(written)}, which export-tsv writes");
        }
        var vectors = NeighbourCommand.LoadVectors(rest[0], limit);
        vectors.SaveProjectorTsv(vectorsOut, metadataOut, limit, c.CancellationToken);
        return 0;
    }
}
