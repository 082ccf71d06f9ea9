using System.Text;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>Small hand-made vector files.</summary>
internal static class VectorFixtures
{
    public static readonly string[] Words = ["</s>", "king", "queen", "man", "woman", "paris", "france", "rome", "italy", "apple"];

    /// <summary>Deterministic 8-dimensional vectors with the analogy structure king - man + woman = queen.</summary>
    public static float[] Vectors()
    {
        float[][] basis =
        [
            [0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f],
            [1, 0, 1, 0, 0, 0, 0.1f, 0],   // king = royal + male
            [1, 0, 0, 1, 0, 0, 0.1f, 0],   // queen = royal + female
            [0, 0, 1, 0, 0, 0, 0.2f, 0.1f],
            [0, 0, 0, 1, 0, 0, 0.2f, 0.1f],
            [0, 1, 0, 0, 1, 0, 0, 0.3f],   // paris = capital + fr
            [0, 0, 0, 0, 1, 0, 0.1f, 0.3f],
            [0, 1, 0, 0, 0, 1, 0, 0.3f],
            [0, 0, 0, 0, 0, 1, 0.1f, 0.3f],
            [0.2f, 0.3f, -0.5f, 0.1f, 0, 0, 1, -1],
        ];
        return basis.SelectMany(v => v).ToArray();
    }

    public static byte[] File(bool binary)
    {
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, Words.Select(Encoding.UTF8.GetBytes).ToArray(), Vectors(), 8, binary);
        return ms.ToArray();
    }

    public static WordVectors Load(bool binary = true) => WordVectors.Load(new MemoryStream(File(binary)));
}
