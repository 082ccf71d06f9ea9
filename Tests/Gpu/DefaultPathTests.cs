using ILGPU.Runtime;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>
/// The GPU's default path (skip-gram, shared negatives drawn once per centre word from the alias table) on real
/// sentences: sixty words of text8 each, full windows, frequent words drawn as negatives again and again. The kernel's
/// sentences, one launch after the other, equal a plain scalar transcription of the same algorithm within float
/// tolerance (the device sums dot products in another order): the window shrink and the draws from each sentence's
/// generator, the slots (a word drawn twice uses its first slot; a draw of the centre word is skipped, as C skips it),
/// every context word trained against the slots as the previous one left them, and the slots' changes added back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DefaultPathTests
{
    private const int Size = 37, Window = 5, Negative = 5, Sentences = 12, Length = 60;
    private const long Seed = 4321;
    private const float Alpha = 0.05f;

    /// <remarks>With <paramref name="ring"/> the window's input rows are held in shared memory (the ring: frequent words
    /// twice in a window share one row) and added back when they leave it; the reference is the same either way.</remarks>
    [TestCase("cpu", 8, null)]
    [TestCase("opencl", 16, null)]
    [TestCase("cpu", 8, true)]
    [TestCase("opencl", 16, true)]
    public void SkipGramSharedAliasNegatives_RealSentences_MatchTheReference(string where, int lanes, bool? ring)
    {
        var text = File.ReadAllText(GpuTestEnvironment.SharedFile("text8-prefix-12.5M"))[..200_000].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var o = new TrainingOptions { Size = Size, Window = Window, Cbow = false, HierarchicalSoftmax = false, Negative = Negative, Sample = 0, MinCount = 1 };
        using var corpus = TrainingCorpus.FromSentences([text]);
        var setup = TrainingSetup.Create(o, corpus);
        var vocab = setup.LearnVocabulary();
        var sentences = Enumerable.Range(0, Sentences).Select(s => text.Skip(1000 + s * Length).Take(Length).Select(vocab.Search).ToArray()).ToArray();
        Assert.That(sentences.SelectMany(s => s), Is.All.GreaterThan(0), "every word is in the vocabulary");

        int n = vocab.Count * Size;
        float[] syn0 = RandomMatrix(n, 1), syn1neg = RandomMatrix(n, 3);
        float[] gpu0, gpuNeg;
        using (var device = GpuTestEnvironment.Accelerator(where, lanes))
        {
            var accelerator = device.Accelerator;
            var layout = GpuTrainer.Layout.For(o, accelerator, new GpuTrainingSettings { LanesPerSentence = lanes, SentencesPerGroup = 2, ContextRing = ring });
            Assert.That((layout.Shape.SharedNegatives, layout.Shape.AliasDraws), Is.EqualTo((true, true)), "the default path");
            Assert.That(layout.Shape.Ring, Is.EqualTo(ring == true), "the ring");
            using var model = new DeviceModel(accelerator, device.Info.Name, setup, layout.Shape, layout.TeamsPerGroup, layout.WarpTeams,
                (float[])syn0.Clone(), null, (float[])syn1neg.Clone());
            var words = sentences.SelectMany(s => s).ToArray();
            using var w = accelerator.Allocate1D(words);
            using var st = accelerator.Allocate1D(Enumerable.Range(0, Sentences).Select(s => s * Length).ToArray());
            using var len = accelerator.Allocate1D(Enumerable.Repeat(Length, Sentences).ToArray());
            using var al = accelerator.Allocate1D(Enumerable.Repeat(Alpha, Sentences).ToArray());
            for (int s = 0; s < Sentences; s++) model.Train(accelerator.DefaultStream, w.View, st.View, len.View, al.View, s, 1, Seed);
            gpu0 = model.Download(model.Syn0);
            gpuNeg = model.Download(model.Syn1Neg);
        }

        float[] ref0 = (float[])syn0.Clone(), refNeg = (float[])syn1neg.Clone();
        var (probability, alias) = AliasTable.Build(setup.DeviceTables.UnigramStarts);
        var sigmoid = DeviceTables.Sigmoid.ToArray();
        for (int s = 0; s < Sentences; s++)
            Reference(sentences[s], (ulong)(Seed + s), ref0, refNeg, probability, alias, sigmoid, vocab.Count);

        AssertClose(gpu0, ref0, syn0, "syn0");
        AssertClose(gpuNeg, refNeg, syn1neg, "syn1neg");
    }

    /// <summary>Skip-gram with shared negatives, one sentence, scalar and in order.</summary>
    private static void Reference(int[] sen, ulong rnd, float[] syn0, float[] syn1neg, float[] probability, int[] alias, float[] sigmoid, int words)
    {
        const int slots = Negative + 1;
        var targets = new int[slots];
        var firstSlot = new int[slots];
        var current = new float[slots * Size];
        var original = new float[slots * Size];
        var e = new float[Size];
        for (int pos = 0; pos < sen.Length; pos++)
        {
            int word = sen[pos];
            rnd = Next(rnd);
            int b = (int)(rnd % Window);
            int first = Math.Max(pos - Window + b, 0), last = Math.Min(pos + Window - b, sen.Length - 1);
            if (last <= first) continue;
            for (int d = 0; d < slots; d++)
            {
                int target = word;
                if (d > 0)
                {
                    rnd = Next(rnd);
                    target = AliasTable.Draw(probability, alias, rnd);
                    if (target == 0) target = (int)(rnd % (ulong)(words - 1)) + 1;
                }
                targets[d] = target;
                firstSlot[d] = d;
                for (int k = 1; k < d; k++)
                    if (firstSlot[d] == d && targets[k] == target) firstSlot[d] = k;
                if (firstSlot[d] != d) continue;
                syn1neg.AsSpan(target * Size, Size).CopyTo(current.AsSpan(d * Size));
                syn1neg.AsSpan(target * Size, Size).CopyTo(original.AsSpan(d * Size));
            }
            for (int p = first; p <= last; p++)
            {
                if (p == pos) continue;
                var h = syn0.AsSpan(sen[p] * Size, Size);
                Array.Clear(e);
                for (int d = 0; d < slots; d++)
                {
                    if (d > 0 && targets[d] == word) continue;
                    var row = current.AsSpan(firstSlot[d] * Size, Size);
                    float f = 0;
                    for (int i = 0; i < Size; i++) f += h[i] * row[i];
                    float g = Gradient(sigmoid, f, d == 0 ? 1 : 0);
                    for (int i = 0; i < Size; i++)
                    {
                        e[i] += g * row[i];
                        row[i] += g * h[i];
                    }
                }
                for (int i = 0; i < Size; i++) h[i] += e[i];
            }
            for (int d = 0; d < slots; d++)
            {
                if ((d > 0 && targets[d] == word) || firstSlot[d] != d) continue;
                var row = syn1neg.AsSpan(targets[d] * Size, Size);
                for (int i = 0; i < Size; i++) row[i] += current[d * Size + i] - original[d * Size + i];
            }
        }
    }

    private static ulong Next(ulong r) => r * DeviceTables.RandomMultiplier + DeviceTables.RandomIncrement;

    private static float Gradient(float[] sigmoid, float f, int label)
    {
        if (f > DeviceTables.MaxExp) return (label - 1) * Alpha;
        if (f < -DeviceTables.MaxExp) return label * Alpha;
        int i = (int)((f + DeviceTables.MaxExp) * DeviceTables.SigmoidIndexScale);
        return (label - sigmoid[Math.Clamp(i, 0, 2 * DeviceTables.MaxExp * DeviceTables.SigmoidIndexScale)]) * Alpha;
    }

    private static float[] RandomMatrix(int n, int seed)
    {
        var r = new Random(seed);
        var m = new float[n];
        for (int i = 0; i < n; i++) m[i] = (float)(r.NextDouble() - 0.5) * 0.4f;
        return m;
    }

    private static void AssertClose(float[] gpu, float[] expected, float[] before, string name)
    {
        int changed = 0;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            if (expected[i] != before[i]) changed++;
            worst = Math.Max(worst, Math.Abs(gpu[i] - expected[i]));
        }
        Assert.That(changed, Is.GreaterThan(1000), $"{name}: the sentences changed too little");
        Assert.That(worst, Is.LessThan(2e-5), $"{name}: largest difference {worst} over {changed} changed values");
    }
}
