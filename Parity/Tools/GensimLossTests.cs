using System.Globalization;
using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Parity.Tools;

/// <summary>
/// The training loss (<see cref="TrainingOptions.ComputeLoss"/>) is the figure gensim's <c>compute_loss</c> reports:
/// one epoch on the same sentences with the same settings gives a total within a few percent of gensim's
/// <c>get_latest_training_loss()</c> (the runs differ in their random draws, in gensim's Huffman tree and in its
/// learning rate per batch, so not to the bit). One thread on both sides; text8 cut into sentences of 20 words.
/// </summary>
public sealed class GensimLossTests
{
    private const string Script = """
        import sys
        from gensim.models import Word2Vec
        from gensim.models.word2vec import LineSentence
        path, sg, hs, neg, alpha = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
        m = Word2Vec(sentences=LineSentence(path), vector_size=20, window=5, min_count=5, sample=1e-3, sg=sg, hs=hs,
                     negative=neg, workers=1, epochs=1, compute_loss=True, seed=1, alpha=alpha, min_alpha=0.0001)
        print(repr(m.get_latest_training_loss()))
        """;

    private static readonly Lazy<string> s_sentences = new(() =>
    {
        string[] words = File.ReadAllText(ToolFixtures.Slice(300_000)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string p = Path.Combine(ToolFixtures.Dir, "text8-lines.txt");
        File.WriteAllLines(p, words.Chunk(20).Select(c => string.Join(' ', c)));
        return p;
    });

    [TestCase(true, false, 5, 0.02)]
    [TestCase(false, false, 5, 0.02)]
    [TestCase(true, true, 0, 0.08)]
    [TestCase(false, true, 0, 0.08)]
    public void Loss_OneEpoch_IsGensimsFigureWithinABand(bool skipGram, bool hs, int negative, double band)
    {
        Gensim.Require();
        string sentences = s_sentences.Value;
        float alpha = skipGram ? 0.025f : 0.05f;
        string gensim = Gensim.Run(ToolFixtures.Dir, Script, sentences, skipGram ? "1" : "0", hs ? "1" : "0",
            negative.ToString(CultureInfo.InvariantCulture), alpha.ToString(CultureInfo.InvariantCulture));
        double theirs = double.Parse(gensim.Trim(), CultureInfo.InvariantCulture);
        var options = new TrainingOptions
        {
            Cbow = !skipGram,
            HierarchicalSoftmax = hs,
            Negative = negative,
            Size = 20,
            Window = 5,
            MinCount = 5,
            Sample = 1e-3f,
            Iterations = 1,
            Threads = 1,
            MinAlpha = 0.0001f,
            ComputeLoss = true,
        };
        double ours = 0;
        Trainer.Train(options, sentences, new Progress(p => ours = p.Loss));
        TestContext.Out.WriteLine($"loss: gensim {theirs:F1}, ours {ours:F1} ({(ours / theirs - 1) * 100:+0.0;-0.0}%)");
        Assert.That(theirs, Is.GreaterThan(10_000), "gensim summed a loss");
        Assert.That(ours, Is.EqualTo(theirs).Within(band * 100).Percent);
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
