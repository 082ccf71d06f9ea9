using Word2VecNative.Vectors;

namespace ReadmeSnippets;

/// <summary>README.md, "## Library": loading vectors and querying them.
/// The block as written is the body of <see cref="Run"/>, in a file with the block's using lines only, outside the
/// Word2VecNative namespaces: it compiles here only if it compiles on its own (ReadmeExampleTests checks that the
/// block is here word for word, and runs it).</summary>
internal static class LibraryQueries
{
    public static void Run()
    {
        // --- README example ---
        using var wv = WordVectors.Load("vectors.bin");  // ours, the C tool's or gensim's; binary or text
        float similarity = wv.Similarity("cat", "dog");
        foreach (var n in wv.MostSimilar("paris", topN: 3))
            Console.WriteLine($"{n.Word} {n.Similarity:F4}");
        var nearApple = wv.Nearest(wv.Vector("apple"), k: 5);  // neighbours of any raw vector
        Console.WriteLine($"cat-dog {similarity:F4}, nearest to apple: {nearApple[0].Word}");
        // --- end ---
    }
}
