using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>
/// The streaming path, which a corpus larger than the device's memory takes: with
/// <see cref="GpuTrainingSettings.MaxResidentWords"/> below the corpus's words it is trained chunk by chunk through two
/// device buffers, the next chunk copied from page-locked host memory on a second stream while the current one trains.
/// One sentence per work-group on the CPU accelerator, which runs one group at a time (no two sentences at once, so a
/// run is repeatable), it trains the same vectors, bit for bit,
/// as the corpus held whole: the same sentences, down-sampled at the same corpus positions, at the same rates.
/// </summary>
[TestFixture]
public sealed class StreamingTests
{
    [Test]
    public void StreamedInChunks_TrainsAsResident()
    {
        var r = new Random(11);
        // 2,750 words with the sentence ends: above the smallest limit (two sentences of 1,000 words), so a limit of
        // 2,000 streams them in three chunks of about 1,000.
        using var corpus = TrainingCorpus.FromSentences(Enumerable.Range(0, 250)
            .Select(_ => Enumerable.Range(0, 10).Select(_ => $"w{(int)Math.Sqrt(r.Next(900))}").ToArray()));
        var options = new TrainingOptions { Size = 16, Window = 3, MinCount = 1, Iterations = 2, Sample = 1e-2f, Negative = 3, HierarchicalSoftmax = false, Cbow = false };
        var setup = TrainingSetup.Create(options, corpus);
        setup.LearnVocabulary();
        Assert.That(setup.WordsPerEpoch, Is.EqualTo(2750), "2,500 words and 250 sentence ends");

        using var device = GpuTestEnvironment.Accelerator("cpu");
        var resident = Train(device, setup, maxResidentWords: 0);
        var streamed = Train(device, setup, maxResidentWords: 2000);
        Assert.That(streamed.Vectors.ToArray(), Is.EqualTo(resident.Vectors.ToArray()));
        Assert.That(resident.Vectors.ToArray(), Is.Not.EqualTo(setup.InitialVectors()), "nothing was trained");
    }

    /// <summary>Trains skip-gram's default path (shared negatives, alias draws) with one sentence per work-group.</summary>
    private static Word2VecModel Train(TestAccelerator device, TrainingSetup setup, long maxResidentWords) =>
        GpuTrainer.Train(setup, device.Accelerator, device.Info, null, CancellationToken.None,
            new GpuTrainingSettings { SentencesPerGroup = 1, MaxResidentWords = maxResidentWords });
}
