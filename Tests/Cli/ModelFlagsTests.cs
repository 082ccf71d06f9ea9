using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Cli;

/// <summary>The command line's model flags (-save-model, -load-model, -stop-after, -compute-loss) and settings
/// (-seed, -init-range, -min-alpha): listed among the additions, parsed into the options, checked, and a saved model
/// continued to the bytes of the uninterrupted run.</summary>
public sealed class ModelFlagsTests
{
    private static readonly string[] s_flags = ["save-model", "load-model", "stop-after", "compute-loss", "seed", "init-range", "min-alpha"];

    private static string[] Common(string output) =>
        ["-train", ModelFixtures.Corpus, "-output", output, "-size", "12", "-window", "3", "-min-count", "1", "-cbow", "0", "-hs", "1", "-negative", "3",
         "-iter", "2", "-threads", "1", "-exact", "1", "-debug", "0", "-binary", "1"];

    [Test]
    public void Usage_ListsTheModelFlagsAmongTheAdditions()
    {
        foreach (string f in s_flags)
        {
            Assert.That(Usage.Additions, Does.Contain($"\t-{f} <"), f);
            Assert.That(Usage.Train, Does.Not.Contain($"\t-{f} "), f + " is not a C flag");
        }
        Assert.That(OurCli.Run().Stdout, Does.Contain("\t-load-model <file>"));
    }

    [Test]
    public void TrainFlags_ParseIntoTheOptions()
    {
        var a = TrainFlags.Table.Parse(["-seed", "18446744073709551615", "-init-range", "1", "-min-alpha", "0.0001", "-compute-loss", "1", "-stop-after", "2",
            "-save-model", "m.w2vm", "-load-model", "l.w2vm"]);
        Assert.That(a.Options, Is.EqualTo(new TrainingOptions { Threads = TrainArguments.CThreads, Seed = ulong.MaxValue, InitialRange = 1, MinAlpha = 0.0001f, ComputeLoss = true, StopAfterEpoch = 2 }));
        Assert.That((a.SaveModel, a.LoadModel), Is.EqualTo(("m.w2vm", "l.w2vm")));
        Assert.That(TrainFlags.Table.Parse(["-stop-after", "0"]).Options.StopAfterEpoch, Is.Null, "0 is every epoch");
        var defaults = TrainFlags.Table.Flags.ToDictionary(f => f.Name, f => f.Default());
        Assert.That((defaults["seed"], defaults["init-range"]), Is.EqualTo(("1", "0.5")));
    }

    [TestCase("-seed", "abc", "ERROR: invalid value 'abc' for -seed")]
    [TestCase("-seed", "-1", "ERROR: invalid value '-1' for -seed")]
    [TestCase("-init-range", "0", "ERROR: -init-range must be a positive number (got 0)")]
    [TestCase("-min-alpha", "-1", "ERROR: -min-alpha must be 0 or more (got -1)")]
    [TestCase("-min-alpha", "0.5", "ERROR: -min-alpha 0.5 is above the starting learning rate 0.05")]
    [TestCase("-stop-after", "-1", "ERROR: -stop-after must be 0 or more (got -1)")]
    [TestCase("-stop-after", "6", "ERROR: -stop-after 6 is beyond the 5 epochs of -iter")]
    [TestCase("-compute-loss", "yes", "ERROR: invalid value 'yes' for -compute-loss")]
    public void TrainFlags_BadValue_IsOneLine(string flag, string value, string message)
    {
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-output", Path.Combine(Scratch.NewFolder(), "v.bin"), flag, value);
        r.AssertRefused(message);
    }

    [TestCase("-save-model")]
    [TestCase("-load-model")]
    public void TrainFlags_ModelFlagsOnADevice_AreRefused(string flag)
    {
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-output", Path.Combine(Scratch.NewFolder(), "v.bin"), "-backend", "opencl", flag, "m.w2vm");
        Assert.That(r.Stderr, Is.EqualTo("ERROR: -save-model, -load-model, -stop-after and -compute-loss need -backend cpu" + Environment.NewLine));
    }

    [TestCase("-stop-after", "1")]
    [TestCase("-compute-loss", "1")]
    public void TrainFlags_RunOnlyFlagsOnADevice_AreRefused(string flag, string value)
    {
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-output", Path.Combine(Scratch.NewFolder(), "v.bin"), "-backend", "opencl", flag, value);
        r.AssertRefused("ERROR: -save-model, -load-model, -stop-after and -compute-loss need -backend cpu");
    }

    [Test]
    public void Cli_StopSaveLoadContinue_WritesTheVectorsOfTheWholeRun()
    {
        string dir = Scratch.NewFolder();
        string full = Path.Combine(dir, "full.bin"), half = Path.Combine(dir, "half.bin"), resumed = Path.Combine(dir, "resumed.bin");
        string model = Path.Combine(dir, "half.w2vm"), finished = Path.Combine(dir, "done.w2vm");
        Assert.That(OurCli.Run(Common(full)).Code, Is.Zero);
        Assert.That(OurCli.Run([.. Common(half), "-stop-after", "1", "-save-model", model]).Code, Is.Zero);
        // The model brings its settings: size, window, architecture, threads, arithmetic and plan.
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", model, "-output", resumed, "-binary", "1", "-debug", "0", "-save-model", finished);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(File.ReadAllBytes(resumed), Is.EqualTo(File.ReadAllBytes(full)));
        Assert.That(File.ReadAllBytes(half), Is.Not.EqualTo(File.ReadAllBytes(full)));
        var done = Word2VecModel.Load(finished);
        Assert.That(done.State!.IsComplete, Is.True);
        // A finished model trains a new plan; -save-model alone needs no -output.
        string again = Path.Combine(dir, "again.w2vm");
        r = OurCli.Run("-train", ModelFixtures.OtherCorpus, "-load-model", finished, "-iter", "1", "-save-model", again, "-debug", "0");
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(Word2VecModel.Load(again).State!.EpochsTrained, Is.EqualTo(3));
    }

    [Test]
    public void Cli_LoadModel_EmptyCorpus_IsTheErrorOfANewRunAndWordsInTrainFileAreTheCorpus()
    {
        string dir = Scratch.NewFolder();
        string half = Path.Combine(dir, "half.w2vm"), empty = Path.Combine(dir, "empty.txt"), after = Path.Combine(dir, "e.w2vm");
        File.WriteAllBytes(empty, []);
        Assert.That(OurCli.Run([.. Common(Path.Combine(dir, "v.bin")), "-stop-after", "1", "-save-model", half]).Code, Is.Zero);
        var fresh = OurCli.Run("-train", empty, "-save-model", after, "-debug", "1");
        var r = OurCli.Run("-train", empty, "-load-model", half, "-save-model", after, "-debug", "1");
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((1, $"Starting training using file {empty}\n", $"ERROR: training data file {empty} is empty" + Environment.NewLine)));
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((fresh.Code, fresh.Stdout, fresh.Stderr)));
        Assert.That(File.Exists(after), Is.False);
        // A new plan on another corpus says how many of its words an epoch reads, not the model's count.
        var model = Word2VecModel.Load(half);
        string full = Path.Combine(dir, "full.w2vm");
        Assert.That(OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", half, "-save-model", full, "-debug", "0").Code, Is.Zero);
        r = OurCli.Run("-train", ModelFixtures.OtherCorpus, "-load-model", full, "-iter", "1", "-save-model", after, "-debug", "1");
        Assert.That(r.Code, Is.Zero, r.Stderr);
        long words = Word2VecModel.Load(after).State!.WordsPerEpoch;
        Assert.That(words, Is.Not.EqualTo(model.Vocabulary.TrainWords));
        Assert.That(r.Stdout, Does.Contain($"Vocab size: {model.Vocabulary.Count}\nWords in train file: {words}\n"));
    }

    [Test]
    public void Cli_LoadModel_SettingsThatDefineTheModelMustAgree()
    {
        string dir = Scratch.NewFolder();
        string model = Path.Combine(dir, "m.w2vm");
        Assert.That(OurCli.Run([.. Common(Path.Combine(dir, "v.bin")), "-save-model", model]).Code, Is.Zero);
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", model, "-output", Path.Combine(dir, "w.bin"), "-size", "12", "-window", "5");
        r.AssertRefused("ERROR: -window 5 differs from the model's 3; a loaded model keeps the settings it was trained with");
        Assert.That(File.Exists(Path.Combine(dir, "w.bin")), Is.False);
        r = OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", model, "-read-vocab", "x.vocab", "-output", Path.Combine(dir, "w.bin"));
        Assert.That(r.Stderr, Is.EqualTo("ERROR: -read-vocab and -load-model cannot be used together: a loaded model brings its vocabulary" + Environment.NewLine));
        foreach (var flag in new[] { "-max-vocab-size", "-max-final-vocab" })
        {
            r = OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", model, flag, "10", "-output", Path.Combine(dir, "w.bin"));
            r.AssertRefused($"ERROR: {flag} and -load-model cannot be used together: a loaded model keeps its vocabulary");
        }
        Assert.That(File.Exists(Path.Combine(dir, "w.bin")), Is.False);
    }

    [Test]
    public void Cli_LoadModel_CorruptFile_IsOneLineAndNoOutput()
    {
        string dir = Scratch.NewFolder();
        byte[] f = ModelFixtures.Save(ModelFixtures.Model);
        f[f.Length / 2] ^= 1;
        string bad = Path.Combine(dir, "bad.w2vm");
        File.WriteAllBytes(bad, f);
        string output = Path.Combine(dir, "out.bin");
        var r = OurCli.Run("-train", ModelFixtures.Corpus, "-load-model", bad, "-output", output, "-save-model", Path.Combine(dir, "new.w2vm"));
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((1, "", $"ERROR: model file {bad} is corrupt: its checksum does not match its contents" + Environment.NewLine)));
        Assert.That(Directory.GetFiles(dir).Select(Path.GetFileName), Is.EquivalentTo(new[] { "bad.w2vm" }));
    }

    [Test]
    public void Cli_ComputeLoss_ShowsTheLossInTheProgressLineAndAtTheEnd()
    {
        string dir = Scratch.NewFolder();
        var args = Common(Path.Combine(dir, "v.bin"));
        args[Array.IndexOf(args, "-debug") + 1] = "2";
        var r = OurCli.Run([.. args, "-compute-loss", "1"]);
        Assert.That(r.Code, Is.Zero, r.Stderr);
        Assert.That(r.Stdout, Does.Match(@"Progress: [0-9.]+%  Words/thread/sec: [0-9.]+k  Loss: [0-9]+\.[0-9]  "));
        Assert.That(r.Stdout, Does.Match(@"\nTraining loss: [0-9]+\.[0-9]\n$"));
        var plain = OurCli.Run(args);
        Assert.That(plain.Stdout, Does.Not.Contain("Loss"));
    }
}
