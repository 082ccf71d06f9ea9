using NUnit.Framework;
using System.Runtime.Intrinsics;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

/// <summary>The fast mode's register kernel for the output layers against C's loops written out plainly: every row in
/// turn, its dot product with the hidden layer, the gradient from the sigmoid table (skipped out of range on a Huffman
/// path, saturated for negative sampling), the error, then the row's update; a row listed twice sees its first
/// update (a negative drawn twice).</summary>
public sealed unsafe class RegisterOutputTests
{
    private const float Alpha = 0.025f;

    [Test]
    public void Train_MatchesCsLoops([Range(16, 143)] int size, [Values(false, true)] bool saturate)
    {
        if (!Vector512.IsHardwareAccelerated) Assert.Ignore("the register kernel runs on 512-bit vector hardware only");
        var rng = new Random(size * 2 + (saturate ? 1 : 0));
        const int rowCount = 9;
        var hidden = Vector(rng, size, 0.5);
        var matrix = Vector(rng, rowCount * size, 0.5);
        // Rows 3 and 4 far out of the sigmoid's range, one each side; row 7 is row 2 again.
        for (int c = 0; c < size; c++)
        {
            matrix[3 * size + c] = hidden[c] * 40f / size * 16;
            matrix[4 * size + c] = -hidden[c] * 40f / size * 16;
        }
        int[] order = [0, 1, 2, 3, 4, 5, 6, 2, 8];
        var labels = order.Select((_, i) => (float)(i % 3 == 0 ? 1 : 0)).ToArray();
        var err = Vector(rng, size, 0.1);
        var expectedMatrix = (float[])matrix.Clone();
        var expectedErr = (float[])err.Clone();
        Reference(hidden, expectedErr, expectedMatrix, order, labels, size, saturate);

        fixed (float* h = hidden, e = err, m = matrix, l = labels)
        {
            float** rows = stackalloc float*[order.Length];
            for (int i = 0; i < order.Length; i++) rows[i] = m + order[i] * size;
            Train(size / 16, h, e, rows, l, order.Length, size, saturate);
        }
        AssertClose(expectedErr, err, "error");
        AssertClose(expectedMatrix, matrix, "rows");
    }

    private static void Reference(float[] hidden, float[] err, float[] matrix, int[] order, float[] labels, int size, bool saturate)
    {
        var table = SigmoidTable.Array;
        for (int i = 0; i < order.Length; i++)
        {
            int row = order[i] * size;
            float f = 0;
            for (int c = 0; c < size; c++) f += hidden[c] * matrix[row + c];
            float g;
            if (saturate && f > SigmoidTable.MaxExp) g = (labels[i] - 1) * Alpha;
            else if (saturate && f < -SigmoidTable.MaxExp) g = labels[i] * Alpha;
            else if (f <= -SigmoidTable.MaxExp || f >= SigmoidTable.MaxExp) continue;
            else g = (labels[i] - table[(int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)]) * Alpha;
            for (int c = 0; c < size; c++) err[c] += g * matrix[row + c];
            for (int c = 0; c < size; c++) matrix[row + c] += g * hidden[c];
        }
    }

    private static void Train(int vectors, float* h, float* e, float** rows, float* labels, int count, int size, bool saturate)
    {
        var table = SigmoidTable.Array;
        switch (vectors)
        {
            case 1: RegisterOutput<Width1>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            case 2: RegisterOutput<Width2>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            case 3: RegisterOutput<Width3>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            case 4: RegisterOutput<Width4>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            case 5: RegisterOutput<Width5>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            case 6: RegisterOutput<Width6>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            case 7: RegisterOutput<Width7>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
            default: RegisterOutput<Width8>.Train(h, e, rows, labels, count, table, Alpha, size, saturate); break;
        }
    }

    private static float[] Vector(Random rng, int n, double scale) => Enumerable.Range(0, n).Select(_ => (float)((rng.NextDouble() * 2 - 1) * scale)).ToArray();

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-5f * (1 + Math.Abs(expected[i]))), $"{what}[{i}]");
    }
}
