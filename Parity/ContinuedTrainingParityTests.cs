using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>
/// Continued training against the C tool, in exact mode with one thread: a run stopped after its first epoch
/// (<c>-stop-after 1 -save-model</c>), loaded and finished (<c>-load-model</c>) writes the bytes the C tool writes for
/// the whole run, for every architecture and objective; and the settings C lacks (<c>-seed</c>, <c>-init-range</c>,
/// <c>-min-alpha</c>) train as a patched copy of word2vec.c with the same three settings does.
/// </summary>
public sealed class ContinuedTrainingParityTests() : ExactCorpora(awkwardSeed: 515151, awkwardTokens: 30_000)
{
    public static IEnumerable<TestCaseData> Models() => TrainingModel.Cases(
        TrainingModel.SkipGramNegative, TrainingModel.CbowNegative, TrainingModel.SkipGramHierarchical, TrainingModel.CbowHierarchicalAndNegative);

    private static byte[] C(string program, string train, string[] flags, string output)
    {
        var r = ProcessRunner.Run(program, ["-train", train, "-threads", "1", "-debug", "0", "-binary", "1", .. flags, "-output", output], timeoutSeconds: 300);
        Assert.That(r.ExitCode, Is.Zero, r.Stderr);
        return File.ReadAllBytes(output);
    }

    /// <summary>Our run of <paramref name="flags"/> in epochs: stopped after each epoch of <paramref name="stops"/>,
    /// saved and loaded, then finished; the vectors of the last run.</summary>
    private byte[] OursInPieces(string train, string[] flags, params int[] stops)
    {
        string model = Dir.UniqueFile("model");
        string output = Dir.UniqueFile("ours");
        OurCli.RunChecked(["-train", train, "-threads", "1", "-debug", "0", "-exact", "1", .. flags, "-stop-after", stops[0].ToString(), "-save-model", model]);
        foreach (int stop in stops.Skip(1))
            OurCli.RunChecked(["-train", train, "-load-model", model, "-debug", "0", "-stop-after", stop.ToString(), "-save-model", model]);
        // Nothing but the corpus, the model and the outputs: the model brings its settings.
        OurCli.RunChecked(["-train", train, "-load-model", model, "-debug", "0", "-binary", "1", "-output", output]);
        return File.ReadAllBytes(output);
    }

    [TestCaseSource(nameof(Models))]
    public void ResumedTraining_OnePlusOneEpochs_MatchesCTwoEpochBytes(TrainingModel model)
    {
        var tool = CTool.Require();
        string[] flags = [.. model.Flags, "-size", "20", "-window", "5", "-iter", "2", "-min-count", "5", "-sample", "1e-3"];
        byte[] c = C(tool.Exact("word2vec"), Text8Slice(), flags, Dir.UniqueFile("c"));
        Bytes.AssertEqual(c, OursInPieces(Text8Slice(), flags, 1), $"1 + 1 epochs ({model})");
    }

    [Test]
    public void ResumedTraining_ThreeEpochsInThreeRuns_AwkwardBytes_MatchesCBytes()
    {
        var tool = CTool.Require();
        string[] flags = ["-cbow", "0", "-hs", "1", "-negative", "2", "-size", "16", "-window", "4", "-iter", "3", "-min-count", "2", "-sample", "1e-2"];
        byte[] c = C(tool.Exact("word2vec"), Awkward, flags, Dir.UniqueFile("c"));
        Bytes.AssertEqual(c, OursInPieces(Awkward, flags, 1, 2), "1 + 1 + 1 epochs on the awkward corpus");
    }

    [Test]
    public void PatchedCTool_WithoutTheNewFlags_IsTheCTool()
    {
        var tool = CTool.Require();
        string patched = PatchedCTool.Require();
        string[] flags = ["-cbow", "1", "-hs", "1", "-negative", "3", "-size", "20", "-iter", "2", "-min-count", "5"];
        Bytes.AssertEqual(C(tool.Exact("word2vec"), Text8Slice(), flags, Dir.UniqueFile("c")), C(patched, Text8Slice(), flags, Dir.UniqueFile("p")), "the patch changes nothing by default");
    }

    [TestCase("0", "0", "5", "-seed 7 -init-range 1")]
    [TestCase("0", "1", "0", "-min-alpha 0.0001")]
    [TestCase("1", "0", "5", "-min-alpha 0.02 -seed 3")]
    [TestCase("1", "1", "3", "-seed 18446744073709551615 -init-range 0.25 -min-alpha 0.001")]
    public void NewSettings_MatchThePatchedCTool(string cbow, string hs, string negative, string settings)
    {
        string patched = PatchedCTool.Require();
        string[] flags = ["-cbow", cbow, "-hs", hs, "-negative", negative, "-size", "20", "-window", "5", "-iter", "2", "-min-count", "5",
            .. settings.Split(' ')];
        byte[] c = C(patched, Text8Slice(), flags, Dir.UniqueFile("p"));
        string ours = Dir.UniqueFile("ours");
        OurCli.RunChecked(["-train", Text8Slice(), "-threads", "1", "-debug", "0", "-binary", "1", "-exact", "1", .. flags, "-output", ours]);
        Bytes.AssertEqual(c, File.ReadAllBytes(ours), settings);
        Bytes.AssertEqual(c, OursInPieces(Text8Slice(), flags, 1), settings + ", 1 + 1 epochs");
    }
}
