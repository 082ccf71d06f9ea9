using System.Runtime.InteropServices;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Parity.Tools;

/// <summary>The Embedding Projector export against gensim: <c>word2vec export-tsv</c> writes the bytes gensim's
/// scripts/word2vec2tensor.py writes for the same vectors file, and each component is numpy's str of the float.</summary>
public class ProjectorTsvParityTests
{
    private const string NumpyStr = """
import sys, numpy as np
a = np.fromfile(sys.argv[1], dtype=np.float32)
with open(sys.argv[2], 'w') as f:
    f.write('\n'.join(str(x) for x in a) + '\n')
""";

    /// <summary>Floats of every magnitude: random bit patterns (every exponent equally often, subnormals, NaNs with
    /// payloads and signs), values as training makes them, and the edges of numpy's switch to scientific notation.</summary>
    private static float[] Floats(int count, int seed)
    {
        var r = new Random(seed);
        var values = new List<float>
        {
            0f, -0f, 1f, -1f, 0.1f, 1e-4f, -1e-4f, 1e-5f, 1e16f, 9.999999e15f, 1e15f, 123456789f, 16777216f, float.Epsilon,
            -float.Epsilon, float.MaxValue, float.MinValue, float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity,
            BitConverter.Int32BitsToSingle(0x38d1b717), BitConverter.Int32BitsToSingle(0x38d1b718), 0.5f, 2.5e-5f, 1.5e20f,
        };
        while (values.Count < count / 2) values.Add(BitConverter.Int32BitsToSingle(r.Next() ^ (r.Next(2) << 31)));
        while (values.Count < count) values.Add((float)((r.NextDouble() - 0.5) * Math.Pow(10, r.Next(-6, 3))));
        return [.. values];
    }

    [Test]
    public void PythonFloat_Str_IsNumpysStrOfTheFloat32()
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("projector-");
        float[] values = Floats(200_000, seed: 11);
        string bin = Path.Combine(dir, "floats.f32"), text = Path.Combine(dir, "floats.txt");
        File.WriteAllBytes(bin, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        Gensim.Run(dir, NumpyStr, bin, text);
        string[] numpy = File.ReadAllText(text).Split('\n')[..^1];
        Assert.That(numpy, Has.Length.EqualTo(values.Length));
        int differ = 0;
        for (int i = 0; i < values.Length; i++)
        {
            string ours = PythonFloat.Str(values[i]);
            if (ours != numpy[i] && differ++ < 10)
                TestContext.Out.WriteLine($"0x{BitConverter.SingleToInt32Bits(values[i]):x8}: numpy {numpy[i]}, ours {ours}");
        }
        Assert.That(differ, Is.Zero, "floats written otherwise than numpy's str");
    }

    /// <summary>The same vectors file (binary and text, words in several scripts, components of every magnitude)
    /// through gensim's word2vec2tensor and through <c>word2vec export-tsv</c>: the same two files, byte for byte.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void Cli_ExportTsv_WritesWhatGensimsWord2vec2tensorWrites(bool binary)
    {
        Gensim.Require();
        string dir = ToolFixtures.NewDir("projector-");
        const int Size = 25;
        string[] words = [.. new[] { "</s>", "the", "Straße", "東京", "naïve", "don't", "e.g.", "\U0001F600", "a\\b", "x" }
            .Concat(Enumerable.Range(0, 390).Select(i => "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)))];
        float[] values = Floats(words.Length * Size, seed: 5);
        if (!binary)
        {
            for (int i = 0; i < values.Length; i++)
                if (!float.IsFinite(values[i]) || Math.Abs(values[i]) > 1e30) values[i] = 1.25f; // text holds %lf: no NaN, no huge values
        }
        string vectors = Path.Combine(dir, binary ? "vec.bin" : "vec.txt");
        using (var f = File.Create(vectors))
            VectorFileWriter.Write(f, [.. words.Select(Encoding.UTF8.GetBytes)], values, Size, binary);

        var (code, _, err) = OurCli.Run(["export-tsv", "-output", Path.Combine(dir, "ours"), vectors]);
        Assert.That(code, Is.Zero, err);
        string[] script = ["-m", "gensim.scripts.word2vec2tensor", "-i", vectors, "-o", Path.Combine(dir, "gensim"), .. binary ? new[] { "-b" } : []];
        var r = Word2VecNative.Parity.Infrastructure.ProcessRunner.Run(Gensim.Require(), script, dir, timeoutSeconds: 300);
        Assert.That(r.ExitCode, Is.Zero, r.Stderr);

        foreach (string suffix in new[] { "_tensor.tsv", "_metadata.tsv" })
        {
            byte[] ours = File.ReadAllBytes(Path.Combine(dir, "ours" + suffix)), gensim = File.ReadAllBytes(Path.Combine(dir, "gensim" + suffix));
            Assert.That(ours.Length, Is.GreaterThan(words.Length));
            Assert.That(ours.AsSpan().SequenceEqual(gensim), Is.True, $"{suffix} differs from gensim's");
        }
    }
}
