using Word2VecNative.Vectors;

namespace ReadmeSnippets;

/// <summary>README.md, "### Memory-mapped vectors": querying a mapped file.
/// The block as written is the body of <see cref="Run"/>, in a file with the block's using lines only, outside the
/// Word2VecNative namespaces: it compiles here only if it compiles on its own (ReadmeExampleTests checks that the
/// block is here word for word, and runs it).</summary>
internal static class MemoryMapped
{
    public static void Run()
    {
        // --- README example ---
        using var mapped = WordVectors.OpenMapped("vectors.bin");  // the first open writes vectors.bin.w2vindex beside it
        foreach (var n in mapped.MostSimilar("paris", topN: 3))    // the same answers, to the bit, as WordVectors.Load
            Console.WriteLine($"{n.Word} {n.Similarity:F4}");
        ReadOnlySpan<float> london = mapped.Vector("london");      // points into the mapped file
        // --- end ---
    }
}
