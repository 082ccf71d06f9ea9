using NUnit.Framework;
using Word2VecNative.Tests.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

/// <summary>The batched skip-gram step (<see cref="BatchedWorker"/>, <see cref="Arithmetic.Batched"/>) equals a plain
/// scalar statement of what it computes, written here: for each centre word, the window's context rows against one
/// set of outputs (the centre word's Huffman path; the centre word and negatives drawn once per window, a repeat
/// counting twice), every gradient from the rows as they were at the window's start, the outputs moved by
/// Σ g · context and each context row by Σ g · output. Tiny vocabulary (negatives repeat), a sentence with repeated
/// words (a row twice in one window), vector sizes that reach every width of the SIMD loops.</summary>
public sealed class BatchedStepTests
{
    private static readonly int[][] s_sentences =
    [
        [3, 1, 7, 12, 1, 5, 39, 2, 2, 20, 9, 1, 30, 4],
        [8, 8, 8, 1],
        [17],
        [2, 25, 6, 11, 3, 3, 14, 1, 36, 22, 5, 5, 5, 19, 7, 1, 1, 2],
    ];

    [TestCase(false, 5, 37)]
    [TestCase(false, 5, 100)]
    [TestCase(false, 12, 16)]
    [TestCase(true, 0, 37)]
    [TestCase(true, 0, 100)]
    [TestCase(true, 3, 37)]
    [TestCase(true, 3, 3)]
    [TestCase(true, 5, 29)] // 16 + 8 + 4 + 1: every width of the loops on one row
    [TestCase(true, 3, 100, 4f)] // large weights: dot products beyond ±6 (clipped for negatives, skipped on the path)
    public void BatchedStep_Sentences_MatchScalarReference(bool hs, int negative, int size, float scale = 0.8f)
    {
        var (batched, reference) = Run(hs, negative, size, loss: false, scale);
        AssertClose(batched.Syn0, reference.Syn0, "syn0");
        if (hs) AssertClose(batched.Syn1, reference.Syn1, "syn1");
        if (negative > 0) AssertClose(batched.Syn1Neg, reference.Syn1Neg, "syn1neg");
        Assert.That(batched.Random, Is.EqualTo(reference.Random), "the generator drew as often");
    }

    [TestCase(false, 5)]
    [TestCase(true, 0)]
    [TestCase(true, 3)]
    public void BatchedStep_Loss_MatchesScalarReference(bool hs, int negative)
    {
        var (batched, reference) = Run(hs, negative, 37, loss: true);
        Assert.That(reference.Loss, Is.GreaterThan(0));
        Assert.That(batched.Loss, Is.EqualTo(reference.Loss).Within(1e-4).Percent);
        AssertClose(batched.Syn0, reference.Syn0, "syn0");
    }

    private sealed record Result(float[] Syn0, float[] Syn1, float[] Syn1Neg, ulong Random, double Loss);

    private const long Seed = 12345;
    private const float Alpha = 0.2f; // large, so a wrong term shows

    private static (Result Batched, Result Reference) Run(bool hs, int negative, int size, bool loss, float scale = 0.8f)
    {
        var vocab = KernelStepTests.SmallVocabulary();
        var o = new TrainingOptions { Size = size, Window = 3, Cbow = false, HierarchicalSoftmax = hs, Negative = negative, Sample = 0 };
        int n = vocab.Count * size;
        float[] syn0 = RandomMatrix(n, 1, scale), syn1 = RandomMatrix(n, 2, scale), syn1neg = RandomMatrix(n, 3, scale);
        using var corpus = TrainingCorpus.FromFile("unused: the step reads no corpus");
        var setup = TrainingSetup.Create(o, corpus);
        setup.UseVocabulary(vocab);

        float[] b0 = (float[])syn0.Clone(), b1 = (float[])syn1.Clone(), bNeg = (float[])syn1neg.Clone();
        ulong random;
        double batchedLoss;
        using (var weights = new ModelWeights(vocab.Count, size, b0, hs ? b1 : null, negative > 0 ? bNeg : null))
        using (var worker = new BatchedWorker(weights, setup, Seed, privateHotRows: false))
        {
            foreach (var s in s_sentences)
            {
                if (loss) worker.TrainSentence<LossOn>(s, Alpha, Alpha);
                else worker.TrainSentence<LossOff>(s, Alpha, Alpha);
            }
            random = worker.Random.State;
            batchedLoss = worker.Loss;
        }

        float[] r0 = (float[])syn0.Clone(), r1 = (float[])syn1.Clone(), rNeg = (float[])syn1neg.Clone();
        var rnd = new CRandom(Seed);
        double referenceLoss = 0;
        foreach (var s in s_sentences) referenceLoss += Reference(s, setup, size, r0, r1, rNeg, ref rnd);
        return (new Result(b0, b1, bNeg, random, loss ? batchedLoss : 0), new Result(r0, r1, rNeg, rnd.State, loss ? referenceLoss : 0));
    }

    /// <summary>One sentence, one window at a time, in plain scalar loops; returns the loss.</summary>
    private static double Reference(int[] sen, TrainingSetup setup, int size, float[] syn0, float[] syn1, float[] syn1neg, ref CRandom rnd)
    {
        var o = setup.Options;
        int window = o.Window;
        double loss = 0;
        for (int pos = 0; pos < sen.Length; pos++)
        {
            int word = sen[pos];
            int b = (int)(rnd.Next() % (ulong)window);
            var ctx = new List<int>();
            for (int a = b; a < window * 2 + 1 - b; a++)
            {
                int c = pos - window + a;
                if (a != window && c >= 0 && c < sen.Length) ctx.Add(sen[c]);
            }
            if (ctx.Count == 0) continue;

            // Outputs: (matrix, row, label, draws, hierarchical softmax?)
            var outs = new List<(float[] M, int Row, float Label, int Count, bool Hs)>();
            if (o.HierarchicalSoftmax)
            {
                var tree = setup.Tree!;
                for (int d = 0; d < tree.CodeLength(word); d++) outs.Add((syn1, tree.Points(word)[d], 1 - tree.Code(word)[d], 1, true));
            }
            if (o.Negative > 0)
            {
                outs.Add((syn1neg, word, 1, 1, false));
                int first = outs.Count;
                for (int d = 0; d < o.Negative; d++)
                {
                    ulong r = rnd.Next();
                    int target = setup.NegativeTable!.Draw(r);
                    if (target == 0) target = (int)(r % (ulong)(setup.Vocabulary.Count - 1)) + 1;
                    if (target == word) continue;
                    int at = outs.FindIndex(first, x => x.Row == target);
                    if (at >= 0) outs[at] = outs[at] with { Count = outs[at].Count + 1 };
                    else outs.Add((syn1neg, target, 0, 1, false));
                }
            }

            var g = new float[ctx.Count, outs.Count];
            for (int i = 0; i < ctx.Count; i++)
            {
                for (int j = 0; j < outs.Count; j++)
                {
                    var (m, row, label, count, isHs) = outs[j];
                    float f = 0;
                    for (int k = 0; k < size; k++) f += syn0[ctx[i] * size + k] * m[row * size + k];
                    // C's table of the sigmoid and gensim's of its log, as the step reads them.
                    int slot = (int)((f + SigmoidTable.MaxExp) * SigmoidTable.IndexScale);
                    float sigmoid = f >= -6 && f <= 6 ? SigmoidTable.Array[slot] : float.NaN;
                    if (f > -6 && f < 6) loss += count * -SigmoidTable.LogArray[(int)(((label == 1 ? f : -f) + SigmoidTable.MaxExp) * SigmoidTable.IndexScale)];
                    float grad = isHs
                        ? (f > -6 && f < 6 ? label - sigmoid : 0)
                        : f > 6 ? label - 1 : f < -6 ? label : label - sigmoid;
                    g[i, j] = grad * Alpha * count;
                }
            }
            var oldCtx = ctx.Select(w => syn0.AsSpan(w * size, size).ToArray()).ToArray();
            var oldOut = outs.Select(x => x.M.AsSpan(x.Row * size, size).ToArray()).ToArray();
            for (int j = 0; j < outs.Count; j++)
            {
                for (int i = 0; i < ctx.Count; i++)
                {
                    for (int k = 0; k < size; k++) outs[j].M[outs[j].Row * size + k] += g[i, j] * oldCtx[i][k];
                }
            }
            for (int i = 0; i < ctx.Count; i++)
            {
                for (int j = 0; j < outs.Count; j++)
                {
                    for (int k = 0; k < size; k++) syn0[ctx[i] * size + k] += g[i, j] * oldOut[j][k];
                }
            }
        }
        return loss;
    }

    private static float[] RandomMatrix(int n, int seed, float scale)
    {
        var r = new Random(seed);
        var m = new float[n];
        for (int i = 0; i < n; i++) m[i] = (float)(r.NextDouble() - 0.5) * scale;
        return m;
    }

    /// <summary>Equal within float tolerance (the step sums in another order).</summary>
    private static void AssertClose(float[] batched, float[] reference, string name)
    {
        double worst = 0;
        for (int i = 0; i < batched.Length; i++) worst = Math.Max(worst, Math.Abs(batched[i] - reference[i]));
        Assert.That(worst, Is.LessThan(2e-4), $"{name}: largest difference");
    }
}
