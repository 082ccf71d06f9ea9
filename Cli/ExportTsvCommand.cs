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
        string? prefix = null;
        int limit = 0;
        int i = 0;
        while (i < args.Length && args[i].StartsWith('-'))
        {
            string flag = args[i];
            if (i + 1 >= args.Length) throw new CliError($"Argument missing for {CText.Printable(flag)}");
            string value = args[i + 1];
            switch (flag)
            {
                case "-output": prefix = FlagTable<object>.File("output", value); break;
                case "-limit":
                    limit = FlagTable<object>.Int("limit", value);
                    if (limit < 0) throw FlagValue.Invalid("-limit", value);
                    break;
                default: throw new CliError($"ERROR: unknown option '{CText.Printable(flag)}' for export-tsv (run 'word2vec export-tsv' for usage)");
            }
            i += 2;
        }
        if (prefix == null) throw new CliError("ERROR: export-tsv needs -output <prefix>");
        if (i >= args.Length) throw new CliError("ERROR: export-tsv needs a vectors file");
        if (i + 1 < args.Length) throw new CliError($"ERROR: unexpected argument '{CText.Printable(args[i + 1])}' for export-tsv (one vectors file)");
        string vectorsOut = prefix + VectorsSuffix, metadataOut = prefix + MetadataSuffix;
        TrainCommand.EnsureWritableDirectory(vectorsOut);
        TrainCommand.EnsureWritableDirectory(metadataOut);
        var vectors = NeighbourCommand.LoadVectors(args[i], limit);
        vectors.SaveProjectorTsv(vectorsOut, metadataOut, limit, c.CancellationToken);
        return 0;
    }
}
