using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>The CUDA backend: explains itself where there is no NVIDIA driver; elsewhere the kernel matches the CPU
/// arithmetic and a small run trains. Skipped with the reason where libcuda.so.1 is absent.</summary>
[TestFixture]
[NonParallelizable]
public sealed class CudaTests
{
    [Test]
    public void ReportNamesDevicesOrTheReason()
    {
        var report = GpuDevices.Report(GpuBackend.Cuda);
        if (report.Devices.Count == 0)
        {
            Assert.That(report.Error, Does.StartWith("ERROR: "));
            Assert.That(report.Error, Does.Not.Contain("\n"));
        }
        else
        {
            Assert.That(report.Error, Is.Null);
            Assert.That(report.Devices[0].Name, Is.Not.Empty);
        }
    }

    [Test]
    public void TrainingWithoutDriverFailsWithOneLine()
    {
        if (GpuDevices.Report(GpuBackend.Cuda).Devices.Count > 0) Assert.Ignore("a CUDA device is present");
        using var corpus = TrainingCorpus.FromSentences([["a", "b", "c"], ["b", "c", "a"]]);
        var e = Assert.Throws<Word2VecException>(() => GpuTrainer.Train(new TrainingOptions { MinCount = 1 }, corpus, null, GpuBackend.Cuda, 0));
        Assert.That(e!.Message, Does.Not.StartWith("ERROR").And.Not.Contain("\n"));
    }

    [TestCase(false, false, 5, 100, false, null)]
    [TestCase(false, true, 0, 37, true, null)]
    [TestCase(true, false, 5, 37, true, null)]
    [TestCase(true, true, 3, 300, false, null)]
    [TestCase(false, true, 3, 100, false, true)]
    [TestCase(true, false, 5, 300, true, true)]
    public void OneSentenceMatchesCpuArithmetic(bool cbow, bool hs, int negative, int size, bool shared, bool? ring)
    {
        GpuTestEnvironment.RequireCuda();
        KernelStepTests.Run("cuda", cbow, hs, negative, size, 32, shared, [[3, 1, 7, 12, 1, 5, 39, 2, 2, 20, 9, 1, 30, 4]], ring);
    }

    [Test]
    public void SmallRunTrains()
    {
        var device = GpuTestEnvironment.RequireCuda();
        var sentences = Enumerable.Range(0, 2000).Select(i => new[] { "the", "cat", $"w{i % 50}", "sat", "on", "the", "mat" });
        using var corpus = TrainingCorpus.FromSentences(sentences);
        var o = new TrainingOptions { Size = 64, MinCount = 1, Iterations = 2 };
        var model = GpuTrainer.Train(o, corpus, null, GpuBackend.Cuda, device.Index);
        Assert.That(model.Vectors.ToArray().All(float.IsFinite), Is.True);
        Assert.That(model.Vocabulary.Count, Is.EqualTo(TrainingSetup.Create(o, corpus).LearnVocabulary().Count));
    }
}
