using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Training;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Gpu;

/// <summary>A real run on the text8 prefix: the OpenCL engine's analogy accuracy is within 1.5 points of the CPU
/// engine's with the same settings.</summary>
[TestFixture]
[NonParallelizable]
public sealed class GpuAccuracyTests
{
    [Test]
    public void OpenClCbowMatchesCpuAccuracy()
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        string text = GpuTestEnvironment.SharedFile("text8-prefix-12.5M");
        string questions = GpuTestEnvironment.SharedFile("questions-words.txt");
        var o = new TrainingOptions
        {
            Size = 100,
            Window = 5,
            Sample = 1e-3f,
            Negative = 5,
            HierarchicalSoftmax = false,
            Cbow = true,
            Iterations = 4,
            MinCount = 5,
            Threads = Environment.ProcessorCount,
        };
        using var corpus = TrainingCorpus.FromFile(text);
        var vocab = TrainingSetup.Create(o, corpus).LearnVocabulary();

        var sw = Stopwatch.StartNew();
        var cpu = Trainer.Train(o, corpus, vocab);
        double cpuSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var gpu = GpuTrainer.Train(o, corpus, vocab, GpuBackend.OpenCl, device.Index);
        double gpuSeconds = sw.Elapsed.TotalSeconds;

        // compute-accuracy's figures, threshold 30000
        var cpuAcc = WordVectors.FromModel(cpu).EvaluateAnalogies(questions, threshold: 30000);
        var gpuAcc = WordVectors.FromModel(gpu).EvaluateAnalogies(questions, threshold: 30000);
        TestContext.Out.WriteLine($"CPU: {cpuAcc.Accuracy:F2}% of {cpuAcc.QuestionsSeen} ({cpuSeconds:F1} s); OpenCL on {device.Name}: {gpuAcc.Accuracy:F2}% ({gpuSeconds:F1} s)");
        Assert.That(cpuAcc.QuestionsSeen, Is.GreaterThan(1000), "too few questions are covered by the vocabulary");
        Assert.That(cpuAcc.Accuracy, Is.GreaterThan(2.5), "the CPU run learnt too little for a meaningful comparison");
        Assert.That(gpuAcc.Accuracy, Is.EqualTo(cpuAcc.Accuracy).Within(1.5), "OpenCL accuracy differs from the CPU engine's");
    }
}
