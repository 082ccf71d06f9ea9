using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

public sealed unsafe class VectorMathTests
{
    private static float[] RandomVector(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.That(actual[i], Is.EqualTo(expected[i]).Within(1e-5f * (1 + Math.Abs(expected[i]))), $"{what}[{i}]");
    }

    [Test]
    public void SimdMath_Dot_MatchesScalar([Range(1, 130)] int n)
    {
        var rng = new Random(n);
        var x = RandomVector(rng, n);
        var y = RandomVector(rng, n);
        fixed (float* px = x, py = y)
        {
            float scalar = ScalarMath.Dot(px, py, n);
            float simd = SimdMath.Dot(px, py, n);
            Assert.That(simd, Is.EqualTo(scalar).Within(1e-5f * n));
        }
    }

    [Test]
    public void SimdMath_Backprop_MatchesScalar([Range(1, 130)] int n)
    {
        var rng = new Random(1000 + n);
        float g = (float)(rng.NextDouble() - 0.5);
        var err = RandomVector(rng, n);
        var output = RandomVector(rng, n);
        var hidden = RandomVector(rng, n);
        var err2 = (float[])err.Clone();
        var output2 = (float[])output.Clone();
        fixed (float* e1 = err, o1 = output, h = hidden, e2 = err2, o2 = output2)
        {
            ScalarMath.Backprop(g, e1, o1, h, n);
            SimdMath.Backprop(g, e2, o2, h, n);
        }
        AssertClose(err, err2, "err");
        AssertClose(output, output2, "output");
    }

    [Test]
    public void SimdMath_Add_MatchesScalarExactly([Range(1, 130)] int n)
    {
        var rng = new Random(2000 + n);
        var dst = RandomVector(rng, n);
        var src = RandomVector(rng, n);
        var dst2 = (float[])dst.Clone();
        fixed (float* d1 = dst, d2 = dst2, s = src)
        {
            ScalarMath.Add(d1, s, n);
            SimdMath.Add(d2, s, n);
        }
        Assert.That(dst2, Is.EqualTo(dst));
    }

    [Test]
    public void SimdMath_Divide_MatchesScalarExactly([Range(1, 130)] int n)
    {
        var rng = new Random(3000 + n);
        var x = RandomVector(rng, n);
        var x2 = (float[])x.Clone();
        float d = 1 + n % 9;
        fixed (float* p1 = x, p2 = x2)
        {
            ScalarMath.Divide(p1, d, n);
            SimdMath.Divide(p2, d, n);
        }
        Assert.That(x2, Is.EqualTo(x), "a division per element, bit for bit");
    }

    [Test]
    public void ScalarMath_Backprop_ReadsOutputBeforeUpdatingIt()
    {
        float[] err = [0, 0], output = [1, 2], hidden = [10, 20];
        fixed (float* e = err, o = output, h = hidden) ScalarMath.Backprop(0.5f, e, o, h, 2);
        Assert.That(err, Is.EqualTo(new[] { 0.5f, 1f }));
        Assert.That(output, Is.EqualTo(new[] { 6f, 12f }));
    }
}
