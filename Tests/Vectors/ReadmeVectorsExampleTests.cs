using NUnit.Framework;
using Word2VecNative.Training;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>Keeps the README's memory-mapped example true: the same code, on vectors trained on the demo corpus.</summary>
public class ReadmeVectorsExampleTests
{
    [Test]
    public void Readme_MemoryMappedExample_AnswersAsTheLoadedFile()
    {
        var sentences = Word2VecNative.Cli.DemoCommand.GenerateCorpus(3000, seed: 7)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' '));
        using var corpus = TrainingCorpus.FromSentences(sentences);
        var model = Trainer.Train(new TrainingOptions { Cbow = false, Size = 50, Window = 4, MinCount = 1, Sample = 0, Iterations = 3, Threads = 2 }, corpus);
        string path = Path.Combine(Path.GetDirectoryName(VectorFixtures.Temp([]))!, "vectors.bin");
        model.SaveVectors(path, binary: true);

        // --- README memory-mapped example ---
        using var mapped = WordVectors.OpenMapped(path);       // the first open writes vectors.bin.w2vindex beside it
        var nearParis = mapped.MostSimilar("paris", topN: 3);  // the same answers, to the bit, as WordVectors.Load(path)
        ReadOnlySpan<float> london = mapped.Vector("london");  // points into the mapped file
        // --- end ---

        Assert.That(File.Exists(path + ".w2vindex"), Is.True);
        var loaded = WordVectors.Load(path);
        Assert.That(nearParis, Is.EqualTo(loaded.MostSimilar("paris", topN: 3)));
        Assert.That(london.SequenceEqual(loaded.Vector("london")), Is.True);
    }
}
