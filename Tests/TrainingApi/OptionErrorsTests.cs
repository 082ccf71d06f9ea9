using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.TrainingApi;

/// <summary>Errors as .NET code expects them: invalid options are <see cref="ArgumentOutOfRangeException"/>s naming the
/// property, a missing corpus a <see cref="FileNotFoundException"/>, library messages have no "ERROR: "; the command
/// keeps the C tool's lines.</summary>
public sealed class OptionErrorsTests
{
    public static IEnumerable<TestCaseData> BadValues()
    {
        yield return Case("Size", () => new TrainingOptions { Size = 0 }, "-size must be a positive integer (got 0)");
        yield return Case("Window", () => new TrainingOptions { Window = -1 }, "-window must be a positive integer (got -1)");
        yield return Case("Sample", () => new TrainingOptions { Sample = -1 }, "-sample must be 0 or more (got -1)");
        yield return Case("Negative", () => new TrainingOptions { Negative = 1001 }, "-negative is too large (at most 1000) (got 1001)");
        yield return Case("Threads", () => new TrainingOptions { Threads = 0 }, "-threads must be a positive integer (got 0)");
        yield return Case("Iterations", () => new TrainingOptions { Iterations = 0 }, "-iter must be a positive integer (got 0)");
        yield return Case("MinCount", () => new TrainingOptions { MinCount = -1 }, "-min-count must be 0 or more (got -1)");
        yield return Case("Alpha", () => new TrainingOptions { Alpha = 0 }, "-alpha must be a positive number (got 0)");
        yield return Case("Arithmetic", () => new TrainingOptions { Arithmetic = (Arithmetic)7 }, "-exact is not a known arithmetic (got 7)");
        yield return Case("VocabHashSize", () => new TrainingOptions { VocabHashSize = 1 }, "vocabulary hash size must be at least 2 (got 1)");
        yield return Case("MaxVocabSize", () => new TrainingOptions { MaxVocabSize = 0 }, "-max-vocab-size must be a positive integer (got 0)");
        yield return Case("MaxFinalVocab", () => new TrainingOptions { MaxFinalVocab = -3 }, "-max-final-vocab must be a positive integer (got -3)");

        static TestCaseData Case(string property, Func<TrainingOptions> make, string reason) => new TestCaseData(property, make, reason).SetArgDisplayNames(property);
    }

    [TestCaseSource(nameof(BadValues))]
    public void TrainingOptions_InvalidValue_IsArgumentOutOfRangeNamingTheProperty(string property, Func<TrainingOptions> make, string reason)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => make())!;
        Assert.That(e.ParamName, Is.EqualTo(property));
        Assert.That(e.Message, Is.EqualTo($"{reason} (Parameter '{property}')"));
    }

    [Test]
    public void TrainingOptions_SettingsThatDisagree_AreArgumentExceptionsWhenTrainingStarts()
    {
        using var corpus = TrainingCorpus.FromFile(Models.ModelFixtures.Corpus);
        var none = Assert.Throws<ArgumentException>(() => TrainingSetup.Create(new TrainingOptions { Negative = 0 }, corpus))!;
        Assert.That((none.ParamName, none.Message), Is.EqualTo(("Negative",
            "neither hierarchical softmax (-hs 1) nor negative sampling (-negative N) is enabled; nothing would be trained (Parameter 'Negative')")));
        var minAlpha = Assert.Throws<ArgumentException>(() => TrainingSetup.Create(new TrainingOptions { MinAlpha = 1 }, corpus))!;
        Assert.That(minAlpha.ParamName, Is.EqualTo("MinAlpha"));
        var stop = Assert.Throws<ArgumentException>(() => TrainingSetup.Create(new TrainingOptions { StopAfterEpoch = 9 }, corpus))!;
        Assert.That(stop.ParamName, Is.EqualTo("StopAfterEpoch"));
    }

    [Test]
    public void TrainingOptions_Threads_DefaultsToTheProcessorCount()
    {
        Assert.That(new TrainingOptions().Threads, Is.EqualTo(Math.Min(TrainingOptions.MaxThreads, Environment.ProcessorCount)));
    }

    [Test]
    public void Trainer_MissingCorpus_IsFileNotFound_AsAMissingVectorsFile()
    {
        string path = Path.Combine(Path.GetTempPath(), "w2v-missing-" + TempDir.Unique() + ".txt");
        var e = Assert.Throws<FileNotFoundException>(() => Trainer.Train(new TrainingOptions(), path))!;
        Assert.That((e.FileName, e.Message), Is.EqualTo((path, $"training data file {path} not found")));
        Assert.That(() => Word2VecNative.Vectors.WordVectors.Load(path), Throws.InstanceOf<FileNotFoundException>());
    }

    [Test]
    public void Word2VecException_Message_HasNoCPrefix()
    {
        using var corpus = TrainingCorpus.FromSentences([]);
        var e = Assert.Throws<Word2VecException>(() => Trainer.Train(new TrainingOptions(), corpus))!;
        Assert.That(e.Message, Is.EqualTo("sentence list is empty"));
        Assert.That(new Word2VecException("ERROR: in the C tool's style").Message, Is.EqualTo("in the C tool's style"));
    }

    [TestCase("-size", "0", "ERROR: -size must be a positive integer (got 0)")]
    [TestCase("-threads", "5000", "ERROR: -threads is too large (at most 4096) (got 5000)")]
    [TestCase("-negative", "0", "ERROR: neither hierarchical softmax (-hs 1) nor negative sampling (-negative N) is enabled; nothing would be trained")]
    [TestCase("-max-final-vocab", "-1", "ERROR: -max-final-vocab must be 0 or more (got -1)")]
    public void Cli_InvalidOption_KeepsTheCToolsLine(string flag, string value, string line)
    {
        var (code, stdout, stderr) = OurCli.Run("-train", Models.ModelFixtures.Corpus, "-output", "/dev/null", flag, value);
        Assert.That((code, stderr), Is.EqualTo((1, line + "\n")));
        Assert.That(stdout, Is.Empty);
    }

    [Test]
    public void Cli_MissingCorpus_KeepsTheCToolsLine()
    {
        string path = Path.Combine(Path.GetTempPath(), "w2v-missing-" + TempDir.Unique() + ".txt");
        var (code, _, stderr) = OurCli.Run("-train", path, "-output", "/dev/null");
        Assert.That((code, stderr), Is.EqualTo((1, $"ERROR: training data file {path} not found\n")));
    }

    [Test]
    public void Cli_NoArguments_PrintsCsThreadsDefault()
    {
        var (code, stdout, _) = OurCli.Run();
        Assert.That(code, Is.EqualTo(0));
        Assert.That(stdout, Does.Contain("\t-threads <int>\n\t\tUse <int> threads (default 12)\n"));
    }
}
