using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Kernels;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Gpu;

/// <summary>One sentence trained by one work-group on the OpenCL device equals the CPU engine's own training step
/// (<see cref="TrainingWorker.TrainSentence{TMath}"/> with the exact arithmetic) for the same sentence and generator
/// seed, within float tolerance (the device sums dot products in another order).</summary>
[TestFixture]
[NonParallelizable]
public sealed class KernelStepTests
{
    private static Vocabulary SmallVocabulary()
    {
        var entries = new List<(byte[], long)> { ("</s>"u8.ToArray(), 0) };
        for (int i = 1; i < 40; i++) entries.Add((System.Text.Encoding.ASCII.GetBytes($"w{i}"), 1000 / i + 5));
        return Vocabulary.FromEntries(entries);
    }

    private static float[] RandomMatrix(int n, int seed)
    {
        var r = new Random(seed);
        var m = new float[n];
        for (int i = 0; i < n; i++) m[i] = (float)(r.NextDouble() - 0.5) * 0.4f;
        return m;
    }

    [TestCase(false, false, 5, 37, 16)]
    [TestCase(false, true, 0, 37, 16)]
    [TestCase(false, true, 3, 37, 16)]
    [TestCase(true, false, 5, 37, 16)]
    [TestCase(true, true, 0, 37, 16)]
    [TestCase(true, true, 3, 37, 16)]
    [TestCase(false, false, 5, 100, 32)]
    [TestCase(true, true, 2, 100, 32)]
    public void OneSentenceMatchesCpuArithmetic(bool cbow, bool hs, int negative, int size, int localSize) =>
        Run(GpuBackend.OpenCl, GpuTestEnvironment.RequireOpenCl().Index, cbow, hs, negative, size, localSize);

    internal static void Run(GpuBackend backend, int deviceIndex, bool cbow, bool hs, int negative, int size, int localSize)
    {
        var vocab = SmallVocabulary();
        var o = new TrainingOptions { Size = size, Window = 3, Cbow = cbow, HierarchicalSoftmax = hs, Negative = negative, Sample = 0 };
        int n = vocab.Count * size;
        float[] syn0 = RandomMatrix(n, 1), syn1 = RandomMatrix(n, 2), syn1neg = RandomMatrix(n, 3);
        int[] sentence = [3, 1, 7, 12, 1, 5, 39, 2, 2, 20, 9, 1, 30, 4];
        const ulong seed = 12345;
        const float alpha = 0.05f;

        using var corpus = TrainingCorpus.FromFile("unused: the step reads no corpus");
        var setup = TrainingSetup.Create(o, corpus);
        setup.UseVocabulary(vocab);

        using var dev = GpuTrainer.Open(backend, deviceIndex);
        var session = new GpuSession(dev, KernelConfig.From(o, localSize), setup, (float[])syn0.Clone(), 1024, 4,
            (float[])syn1.Clone(), (float[])syn1neg.Clone());
        var batch = new SentenceBatch(1024, 4) { FirstSentence = (long)seed };
        batch.Add(sentence, alpha);
        session.Submit(batch);
        var gpu0 = session.DownloadSyn0();
        var gpu1 = hs ? session.DownloadSyn1() : null;
        var gpuNeg = negative > 0 ? session.DownloadSyn1Neg() : null;

        float[] cpu0 = (float[])syn0.Clone(), cpu1 = (float[])syn1.Clone(), cpuNeg = (float[])syn1neg.Clone();
        using (var weights = new ModelWeights(vocab.Count, size, cpu0, hs ? cpu1 : null, negative > 0 ? cpuNeg : null))
        using (var worker = new TrainingWorker(weights, setup, seed, privateHotRows: false))
            worker.TrainSentence<ScalarMath>(sentence, alpha, alpha);

        AssertClose(gpu0, cpu0, syn0, "syn0");
        if (gpu1 != null) AssertClose(gpu1, cpu1, syn1, "syn1");
        if (gpuNeg != null) AssertClose(gpuNeg, cpuNeg, syn1neg, "syn1neg");
    }

    private static void AssertClose(float[] gpu, float[] cpu, float[] before, string name)
    {
        Assert.That(gpu, Has.Length.EqualTo(cpu.Length), name);
        int changed = 0;
        double worst = 0;
        for (int i = 0; i < cpu.Length; i++)
        {
            if (cpu[i] != before[i]) changed++;
            worst = Math.Max(worst, Math.Abs(gpu[i] - cpu[i]));
        }
        Assert.That(changed, Is.GreaterThan(0), $"{name}: the step changed nothing");
        Assert.That(worst, Is.LessThan(2e-5), $"{name}: largest difference {worst} over {changed} changed values");
    }
}
