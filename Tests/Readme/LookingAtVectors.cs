using Word2VecNative.Vectors;

namespace ReadmeSnippets;

/// <summary>README.md, "## Library": sentence embeddings, the Embedding Projector's files and a plot.
/// The block as written is the body of <see cref="Run"/>, in a file with the block's using lines only, outside the
/// Word2VecNative namespaces: it compiles here only if it compiles on its own (ReadmeExampleTests checks that the
/// block is here word for word, and runs it).</summary>
internal static class LookingAtVectors
{
    public static async Task Run()
    {
        // --- README example ---
        using var wv = WordVectors.Load("vectors.bin");
        var generator = new WordVectorEmbeddingGenerator(wv, "vectors.bin", new WordVectorEmbeddingOptions { LowerCase = true });
        Console.WriteLine(string.Join(' ', generator.Words("We took the train to Paris!")));  // we took the train to paris
        var embeddings = await generator.GenerateAsync(["The cat eats bread.", "We took the train to Paris!"]);
        wv.SaveProjectorTsv("vectors_tensor.tsv", "vectors_metadata.tsv", limit: 10_000);  // for projector.tensorflow.org
        WordPlot.WriteSvg("plot.svg", wv, ["cat", "dog", "paris", "rome", "red", "blue"], title: "six words");
        // --- end ---
    }
}
