using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>
/// Training in exact mode (<c>-exact 1 -threads 1</c>) writes the same bytes as the C tool built with
/// <c>-ffp-contract=off</c>: vectors in text and binary form and k-means classes, for skip-gram and CBOW with
/// negative sampling, hierarchical softmax and both together. Corpora are kept small so the class runs in seconds.
/// </summary>
public sealed class ExactTrainingTests() : ExactCorpora(awkwardSeed: 424242, awkwardTokens: 40_000)
{
    public static IEnumerable<TestCaseData> Models() =>
        from model in TrainingModel.All
        from binary in new[] { "0", "1" }
        select new TestCaseData(model, binary).SetArgDisplayNames(model.Name, "binary" + binary);

    private void AssertSameOutput(string train, string[] flags, string what)
    {
        var tool = CTool.Require();
        string cOut = Dir.UniqueFile("c");
        string ourOut = Dir.UniqueFile("ours");
        string[] common = ["-train", train, "-threads", "1", "-debug", "0", .. flags];
        var c = ProcessRunner.Run(tool.Exact("word2vec"), [.. common, "-output", cOut], timeoutSeconds: 120);
        Assert.That(c.ExitCode, Is.Zero, c.Stderr);
        OurCli.RunChecked([.. common, "-output", ourOut, "-exact", "1"]);
        Bytes.AssertEqual(File.ReadAllBytes(cOut), File.ReadAllBytes(ourOut), what);
        Assert.That(Directory.GetFiles(Dir.Path, ".*.tmp"), Is.Empty, "no temporary file is left behind");
    }

    [TestCaseSource(nameof(Models))]
    public void ExactTraining_Text8Slice_MatchesCBytes(TrainingModel model, string binary) =>
        AssertSameOutput(Text8Slice(),
            [.. model.Flags, "-binary", binary, "-size", "20", "-window", "5", "-iter", "2", "-min-count", "5", "-sample", "1e-3"],
            $"vectors ({model}, binary {binary})");

    // -window 500 -negative 5: 5,000 draws a word, more than the step draws a word ahead, so the negatives are drawn in
    // turn, as each pair trains; the output must be C's bytes that way too.
    [TestCase("0", "0")]
    [TestCase("1", "1")]
    public void ExactTraining_WideWindow_NegativesDrawnInTurn_MatchesCBytes(string cbow, string hs) =>
        AssertSameOutput(Text8Slice(),
            ["-cbow", cbow, "-hs", hs, "-negative", "5", "-size", "8", "-window", "500", "-iter", "1", "-min-count", "5", "-sample", "1e-2"],
            $"vectors (cbow {cbow}, hs {hs}, window 500)");

    [TestCase("0")]
    [TestCase("1")]
    public void ExactTraining_Text8SliceClasses_MatchesCBytes(string cbow) =>
        AssertSameOutput(Text8Slice(),
            ["-cbow", cbow, "-size", "20", "-iter", "1", "-min-count", "5", "-classes", "25"],
            "classes");

    [TestCase("0", "1", "5", "0")]
    [TestCase("1", "0", "5", "1")]
    [TestCase("1", "1", "0", "0")]
    public void ExactTraining_AwkwardBytes_MatchesCBytes(string cbow, string hs, string negative, string binary) =>
        AssertSameOutput(Awkward,
            ["-cbow", cbow, "-hs", hs, "-negative", negative, "-binary", binary, "-size", "16", "-window", "4", "-iter", "2", "-min-count", "2", "-sample", "1e-2"],
            "vectors on the awkward corpus");

    [Test]
    public void ExactTraining_AwkwardBytesClasses_MatchesCBytes() =>
        AssertSameOutput(Awkward, ["-size", "12", "-iter", "1", "-min-count", "3", "-classes", "7"], "classes on the awkward corpus");

    [Test]
    public void ExactTraining_ReadVocab_MatchesCBytes()
    {
        var tool = CTool.Require();
        string train = Text8Slice();
        string vocab = Dir.File("slice.vocab");
        ProcessRunner.RunChecked(tool.Exact("word2vec"), ["-train", train, "-save-vocab", vocab, "-min-count", "1", "-debug", "0"]);
        AssertSameOutput(train, ["-read-vocab", vocab, "-min-count", "3", "-size", "10", "-iter", "1", "-cbow", "0", "-hs", "1", "-negative", "2"], "vectors with -read-vocab");
    }
}
