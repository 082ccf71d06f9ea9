using ILGPU;
using ILGPU.Runtime;
using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Gpu;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Training;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Gpu;

/// <summary>
/// Data-parallel training on several devices (<see cref="Replicas"/>): the corpus is cut into shares of whole sentences
/// that cover it once, in order, each with a learning-rate clock that runs over the whole epoch; and two OpenCL devices
/// (two accelerators on PoCL's one device here, each with its own queue, training at the same time) learn as well as
/// one device at the same epochs: analogy accuracy within 1 point.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class MultiDeviceTests
{
    [TestCase(2)]
    [TestCase(3)]
    public void Split_SharesCoverTheCorpusOnce_WithClocksOverTheWholeEpoch(int parts)
    {
        var r = new Random(2);
        var sentences = Enumerable.Range(0, 101).Select(_ => Enumerable.Range(0, 1 + r.Next(30)).Select(_ => $"w{r.Next(50)}").ToArray()).ToList();
        using var corpus = TrainingCorpus.FromSentences(sentences);
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1, Size = 8 }, corpus);
        setup.LearnVocabulary();
        var encoded = CorpusEncoder.Encode(setup, CancellationToken.None);
        var shares = Replicas.Split(encoded, parts);

        Assert.That(shares, Has.Count.EqualTo(parts));
        Assert.That(shares.SelectMany(s => s.Corpus.Words), Is.EqualTo(encoded.Words), "every word once, in order");
        Assert.That(shares.Select(s => s.FirstSegment), Is.EqualTo(shares.Select((s, i) => shares.Take(i).Sum(p => p.Corpus.Segments))), "first segments");
        Assert.That(shares.Sum(s => s.Corpus.Segments), Is.EqualTo(encoded.Segments));
        foreach (var (share, first) in shares)
        {
            Assert.That(share.Words.Count, Is.EqualTo(encoded.Words.Count / (double)parts).Within(31), "about as many words each");
            Assert.That(share.SegmentClock[0], Is.Zero);
            Assert.That(share.SegmentClock, Is.Ordered.Ascending);
            Assert.That(share.SegmentClock[^1], Is.LessThan(encoded.WordsPerEpoch).And.GreaterThan(encoded.WordsPerEpoch * 0.8), "the clock runs over the epoch");
            for (int s = 0; s < share.Segments; s++)
                Assert.That(share.Words[(int)share.SegmentStart[s]..(int)share.SegmentStart[s + 1]],
                    Is.EqualTo(encoded.Words[(int)encoded.SegmentStart[first + s]..(int)encoded.SegmentStart[first + s + 1]]), $"segment {first + s}");
        }
    }

    /// <summary>Every share holds at least one sentence, even when the first is longer than a share's words (30 and 5
    /// words in two shares of 17).</summary>
    [Test]
    public void Split_LongFirstSentence_LeavesNoShareEmpty()
    {
        using var corpus = TrainingCorpus.FromSentences([[.. Enumerable.Range(0, 30).Select(i => $"a{i}")], [.. Enumerable.Range(0, 5).Select(i => $"b{i}")]]);
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1, Size = 8 }, corpus);
        setup.LearnVocabulary();
        var shares = Replicas.Split(CorpusEncoder.Encode(setup, CancellationToken.None), 2);
        Assert.That(shares.Select(s => s.Corpus.Segments), Is.EqualTo(new[] { 1, 1 }));
        Assert.That(shares.Select(s => s.Corpus.Words.Count), Is.EqualTo(new[] { 30, 5 }));
    }

    /// <summary>A share is down-sampled as the whole corpus is: the kernel draws by corpus position, and a share passes
    /// its place in the corpus.</summary>
    [Test]
    public void Shares_KeepTheWordsTheWholeCorpusKeeps()
    {
        var r = new Random(4);
        using var corpus = TrainingCorpus.FromSentences(Enumerable.Range(0, 60)
            .Select(_ => Enumerable.Range(0, 40).Select(_ => $"w{(int)Math.Sqrt(r.Next(400))}").ToArray()));
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1, Size = 8, Sample = 1e-2f, Negative = 2 }, corpus);
        setup.LearnVocabulary();
        var encoded = CorpusEncoder.Encode(setup, CancellationToken.None);
        var shares = Replicas.Split(encoded, 2);
        using var device = GpuTestEnvironment.Accelerator("cpu");
        var layout = GpuTrainer.Layout.For(setup.Options, device.Accelerator, new GpuTrainingSettings());
        using var model = new DeviceModel(device.Accelerator, device.Info.Name, setup, layout.Shape, layout.TeamsPerGroup, layout.WarpTeams, setup.InitialVectors());
        var whole = Kept(model, encoded, setup, 0);
        Assert.That(whole.Sum(k => k.Length), Is.LessThan(encoded.Words.Count), "down-sampling dropped nothing");
        var joined = shares.SelectMany(s => Kept(model, s.Corpus, setup, encoded.SegmentStart[s.FirstSegment])).ToList();
        Assert.That(joined, Is.EqualTo(whole));
    }

    /// <summary>Each segment's words kept in epoch 0.</summary>
    private static List<int[]> Kept(DeviceModel model, EncodedCorpus corpus, TrainingSetup setup, long firstWord)
    {
        using var resident = new ResidentCorpus(model, corpus, setup, new GpuTrainingSettings(), firstWord);
        var loaded = resident.Load(0, 0, model.Accelerator.DefaultStream);
        model.Accelerator.Synchronize();
        var lengths = Get(resident.KeptLength);
        var starts = Get(resident.SegmentStart);
        var kept = Get(loaded.Kept);
        return [.. Enumerable.Range(0, corpus.Segments).Select(s => kept[starts[s]..(starts[s] + lengths[s])])];

        static int[] Get(ArrayView<int> view)
        {
            var values = new int[view.Length];
            view.CopyToCPU(values);
            return values;
        }
    }

    [Test]
    public void TwoOpenClDevices_LearnAsWellAsOne()
    {
        GpuTestEnvironment.RequireOpenCl();
        string text = GpuTestEnvironment.SharedFile("text8-prefix-12.5M");
        string questions = GpuTestEnvironment.SharedFile("questions-words.txt");
        var o = GpuAccuracyTests.Options(cbow: false, window: 3, alpha: 0.05f, seed: 1);
        using var corpus = TrainingCorpus.FromFile(text);
        var setup = TrainingSetup.Create(o, corpus);
        setup.LearnVocabulary();
        var settings = new GpuTrainingSettings { MaxSentencesPerLaunch = 1 << 10 }; // the replicas merged 64 times an epoch (the default)

        var sw = Stopwatch.StartNew();
        Word2VecModel one;
        using (var device = GpuTestEnvironment.Accelerator("opencl"))
            one = GpuTrainer.Train(setup, [(device.Accelerator, device.Info)], null, CancellationToken.None, settings);
        double oneSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        Word2VecModel two;
        var reports = new List<TrainingProgress>();
        using (var a = GpuTestEnvironment.Accelerator("opencl"))
        using (var b = GpuTestEnvironment.Accelerator("opencl"))
            two = GpuTrainer.Train(setup, [(a.Accelerator, a.Info), (b.Accelerator, b.Info)], new SynchronousProgress<TrainingProgress>(reports.Add),
                CancellationToken.None, settings);
        double twoSeconds = sw.Elapsed.TotalSeconds;

        var oneAcc = WordVectors.FromModel(one).EvaluateAnalogies(questions, threshold: 30000);
        var twoAcc = WordVectors.FromModel(two).EvaluateAnalogies(questions, threshold: 30000);
        TestContext.Out.WriteLine($"skip-gram, 2 epochs: one device {oneAcc.Accuracy:F2}% ({oneSeconds:F1} s), two devices {twoAcc.Accuracy:F2}% ({twoSeconds:F1} s)");
        Assert.That(reports, Has.Count.InRange(2 * 56, 2 * 64), "a report after every merge, about 64 an epoch");
        Assert.That(reports.Select(p => p.WordsProcessed), Is.Ordered.Ascending);
        Assert.That(reports.Select(p => p.IsComplete), Is.EqualTo(reports.Select((_, i) => i == reports.Count - 1)), "one completion, at the end");
        Assert.That(reports[^1].WordsProcessed, Is.EqualTo(2 * setup.WordsPerEpoch));
        Assert.That(oneAcc.Accuracy, Is.GreaterThan(3.0), "one device learnt too little for a meaningful comparison");
        Assert.That((double)twoAcc.Accuracy, Is.EqualTo(oneAcc.Accuracy).Within(1.0), "two devices learn differently from one");
    }
}
