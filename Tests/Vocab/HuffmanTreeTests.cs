using NUnit.Framework;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Vocab;

public sealed class HuffmanTreeTests
{
    private static string Code(HuffmanTree t, int i) => string.Concat(t.Code(i).ToArray().Select(b => (char)('0' + b)));

    private static void AssertWellFormed(HuffmanTree tree, int n)
    {
        var codes = Enumerable.Range(0, n).Select(i => Code(tree, i)).ToArray();
        for (int i = 0; i < n; i++)
        {
            Assert.That(tree.CodeLength(i), Is.InRange(1, HuffmanTree.MaxCodeLength - 1));
            var p = tree.PointsWithLeaf(i);
            Assert.That(p[0], Is.EqualTo(n - 2));
            Assert.That(p[tree.CodeLength(i)], Is.EqualTo(i - n));
            for (int j = 0; j < n; j++)
                if (i != j) Assert.That(codes[j].StartsWith(codes[i], StringComparison.Ordinal), Is.False, $"code of {i} is a prefix of {j}'s");
        }
        // A full binary tree: Kraft's sum is exactly 1.
        double kraft = codes.Sum(c => Math.Pow(2, -c.Length));
        Assert.That(kraft, Is.EqualTo(1.0).Within(1e-12));
        // Words sharing a code prefix share the inner nodes along it.
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                int common = codes[i].AsSpan().CommonPrefixLength(codes[j]);
                for (int d = 0; d <= common; d++) Assert.That(tree.Points(i)[d], Is.EqualTo(tree.Points(j)[d]));
            }
    }

    [Test]
    public void HuffmanTree_OneWord_GetsOneBitAsInC()
    {
        var t = HuffmanTree.Build([5L]);
        Assert.That(t.CodeLength(0), Is.EqualTo(1));
        Assert.That(Code(t, 0), Is.EqualTo("0"));
        Assert.That(t.PointsWithLeaf(0).ToArray(), Is.EqualTo(new[] { -1, -1 }));
    }

    [Test]
    public void HuffmanTree_TwoWords_OneBitEach()
    {
        var t = HuffmanTree.Build([1L, 3L]);
        Assert.That((Code(t, 0), Code(t, 1)), Is.EqualTo(("1", "0")));
        AssertWellFormed(t, 2);
    }

    [Test]
    public void HuffmanTree_ThreeWords_RareWordsGetLongerCodes()
    {
        var t = HuffmanTree.Build([10L, 2L, 1L]);
        Assert.That(t.CodeLength(0), Is.EqualTo(1));
        Assert.That((t.CodeLength(1), t.CodeLength(2)), Is.EqualTo((2, 2)));
        AssertWellFormed(t, 3);
    }

    [TestCase(1, 50)]
    [TestCase(2, 300)]
    [TestCase(3, 2000)]
    public void HuffmanTree_RandomCounts_PrefixFreeAndShort(int seed, int n)
    {
        var rng = new Random(seed);
        var counts = Enumerable.Range(0, n).Select(_ => (long)Math.Exp(rng.NextDouble() * 12)).OrderDescending().ToArray();
        counts[0] = rng.Next(1, 50); // the sentence token keeps its place whatever its count
        var t = HuffmanTree.Build(counts);
        AssertWellFormed(t, n);
    }

    [Test]
    public void HuffmanTree_FibonacciCounts_ThrowsPastMaxCodeLength()
    {
        // Fibonacci counts make the deepest possible tree: depth n - 1.
        static long[] Fib(int n)
        {
            var f = new long[n];
            f[0] = 1; f[1] = 1;
            for (int i = 2; i < n; i++) f[i] = f[i - 1] + f[i - 2];
            return f.Reverse().ToArray();
        }
        AssertWellFormed(HuffmanTree.Build(Fib(40)), 40);
        Assert.Throws<Word2VecException>(() => HuffmanTree.Build(Fib(41)));
    }
}
