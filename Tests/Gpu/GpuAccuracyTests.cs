using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Training;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Gpu;

/// <summary>Real runs on the text8 prefix: the OpenCL engine (PoCL in CI, 16 work-groups in flight: it compiles the
/// kernels to vectorised code for the CPU, where ILGPU's CPU accelerator runs each lane as a thread and is far slower) learns skip-gram and CBOW
/// with negative sampling, with its default kernel (shared negatives), as well as the CPU engine with the same
/// settings: its analogy accuracy is at most 1.0 point below the CPU engine's, and for CBOW at most 1.0 above. Skip-gram
/// with shared negatives learns faster than C's per-pair draws in these short runs (0.7 to 1.05 points above the CPU
/// engine on two seeds, per pair 0.2 to 0.3), so above it is allowed 2.0.</summary>
[TestFixture]
[NonParallelizable]
public sealed class GpuAccuracyTests
{
    /// <summary>How far below the CPU engine's accuracy the GPU's may be, in points.</summary>
    private const double Below = 1.0;

    // Two epochs each, at twice the usual learning rates so that the 2M words teach enough (CPU about 4.8% for
    // skip-gram, 4.3% for CBOW), and skip-gram's window narrowed to 3: PoCL takes about 1.5 minutes for each on 2 cores.
    [TestCase(false, 3, 0.05f, 2.0, TestName = "OpenClSkipGramMatchesCpuAccuracy")]
    [TestCase(true, 5, 0.1f, 1.0, TestName = "OpenClCbowMatchesCpuAccuracy")]
    public void OpenClMatchesCpuAccuracy(bool cbow, int window, float alpha, double above) =>
        Compare(Options(cbow, window, alpha, seed: 1), null, minimum: 3.0, above);

    /// <summary>The same runs with the window's input rows held in shared memory (the ring, forced: by default the host
    /// uses it only where the performance model says it pays): each row is added back when it leaves the window, so
    /// other sentences see a context's changes later than with every pair's add.</summary>
    [TestCase(false, 3, 0.05f, 2.0, TestName = "OpenClSkipGramWithTheRingMatchesCpuAccuracy")]
    [TestCase(true, 5, 0.1f, 1.0, TestName = "OpenClCbowWithTheRingMatchesCpuAccuracy")]
    public void OpenClWithTheRingMatchesCpuAccuracy(bool cbow, int window, float alpha, double above)
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        Compare(Options(cbow, window, alpha, seed: 1), GpuTrainingSettings.For(device) with { ContextRing = true }, minimum: 3.0, above);
    }

    internal static TrainingOptions Options(bool cbow, int window, float alpha, ulong seed) => new()
    {
        Size = 100,
        Window = window,
        Sample = 1e-3f,
        Negative = 5,
        HierarchicalSoftmax = false,
        Cbow = cbow,
        Iterations = 2,
        Alpha = alpha,
        MinCount = 5,
        Seed = seed,
        Threads = Environment.ProcessorCount,
    };

    /// <summary>Trains <paramref name="o"/> with the CPU engine and on the first OpenCL device (with
    /// <paramref name="settings"/>, or the device's defaults), and compares their analogy accuracy: the CPU's above
    /// <paramref name="minimum"/>, the GPU's from <see cref="Below"/> points below it to <paramref name="above"/>
    /// points above. Returns both.</summary>
    internal static (double Cpu, double Gpu) Compare(TrainingOptions o, GpuTrainingSettings? settings, double minimum, double above)
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        // PoCL runs a work-group per thread: Tests/tests.runsettings gives it 16, so that many work-groups of a launch
        // train at once and update the same rows, as on a GPU (and the kernel's updates must not lose them).
        if (device.Platform.Contains("Portable Computing Language", StringComparison.Ordinal))
            Assert.That(device.ComputeUnits, Is.GreaterThanOrEqualTo(16), "PoCL runs too few work-groups at once (POCL_MAX_PTHREAD_COUNT)");
        string text = GpuTestEnvironment.SharedFile("text8-prefix-12.5M");
        string questions = GpuTestEnvironment.SharedFile("questions-words.txt");
        using var corpus = TrainingCorpus.FromFile(text);
        var vocab = TrainingSetup.Create(o, corpus).LearnVocabulary();

        var sw = Stopwatch.StartNew();
        var cpu = Trainer.Train(o, corpus, vocab);
        double cpuSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var gpu = GpuTrainer.Train(o, corpus, vocab, GpuBackend.OpenCl, device.Index, settings: settings ?? GpuTrainingSettings.For(device));
        double gpuSeconds = sw.Elapsed.TotalSeconds;

        // compute-accuracy's figures, threshold 30000
        var cpuAcc = WordVectors.FromModel(cpu).EvaluateAnalogies(questions, threshold: 30000);
        var gpuAcc = WordVectors.FromModel(gpu).EvaluateAnalogies(questions, threshold: 30000);
        string variant = settings is { SharedNegatives: false } ? "per pair" : "shared negatives";
        TestContext.Out.WriteLine($"{(o.Cbow ? "cbow" : "skip-gram")} (window {o.Window}, alpha {o.Alpha}, seed {o.Seed}, {o.Iterations} epochs): CPU {cpuAcc.Accuracy:F2}% of {cpuAcc.QuestionsSeen} ({cpuSeconds:F1} s); " +
            $"OpenCL ({variant}) on {device.Name}: {gpuAcc.Accuracy:F2}% ({gpuSeconds:F1} s)");
        Assert.That(cpuAcc.QuestionsSeen, Is.GreaterThan(1000), "too few questions are covered by the vocabulary");
        Assert.That(cpuAcc.Accuracy, Is.GreaterThan(minimum), "the CPU run learnt too little for a meaningful comparison");
        Assert.That((double)gpuAcc.Accuracy, Is.InRange(cpuAcc.Accuracy - Below, cpuAcc.Accuracy + above), "OpenCL accuracy differs from the CPU engine's");
        return (cpuAcc.Accuracy, gpuAcc.Accuracy);
    }
}
