using NUnit.Framework;
using Word2VecNative.Tests.Models;

namespace Word2VecNative.Tests.Cli;

/// <summary>Two flags naming one file where the C tool would lose one of them (an output written over the corpus, the
/// model over the vectors) are one error line before anything is read or written; the harmless pairs still run.</summary>
public sealed class SameFileTests : CorpusFolderTests
{
    protected override string CorpusText() => File.ReadAllText(ModelFixtures.Corpus);

    private static readonly string[] s_small = ["-size", "8", "-window", "2", "-min-count", "1", "-iter", "1", "-threads", "1", "-debug", "0"];

    private (OurCli.Result Result, Dictionary<string, byte[]> Before) RunKeepingFiles(params string[] args)
    {
        var before = Directory.GetFiles(Dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        return (OurCli.Run([.. args, .. s_small]), before);
    }

    private void AssertRefused(string message, params string[] args)
    {
        var (r, before) = RunKeepingFiles(args);
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((1, "", message + Environment.NewLine)));
        var after = Directory.GetFiles(Dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys), "nothing written");
        foreach (var (f, bytes) in before) Assert.That(after[f], Is.EqualTo(bytes), f + " unchanged");
    }

    [Test]
    public void Cli_OutputAndSaveModelOneFile_IsRefused() =>
        AssertRefused($"ERROR: -output and -save-model name the same file ({Dir.File("x")}); both would be written to it and one lost",
            "-train", Corpus, "-output", Dir.File("x"), "-save-model", Dir.File("x"));

    [Test]
    public void Cli_SaveModelOverTheCorpus_IsRefused() =>
        AssertRefused($"ERROR: -train and -save-model name the same file ({Corpus}); writing -save-model would destroy it",
            "-train", Corpus, "-save-model", Corpus);

    [Test]
    public void Cli_OutputThroughALinkOrAHardLinkToTheCorpus_IsRefused()
    {
        File.CreateSymbolicLink(Dir.File("link.txt"), Corpus);
        AssertRefused($"ERROR: -train and -output name the same file ({Dir.File("link.txt")}); writing -output would destroy it",
            "-train", Corpus, "-output", Dir.File("link.txt"));
        string other = Dir.File(".", "sub", "..", "corpus.txt");
        Directory.CreateDirectory(Dir.File("sub"));
        AssertRefused($"ERROR: -train and -save-vocab name the same file ({other}); writing -save-vocab would destroy it",
            "-train", Corpus, "-save-vocab", other);
        if (OperatingSystem.IsLinux())
        {
            using var ln = System.Diagnostics.Process.Start("ln", [Corpus, Dir.File("hard.txt")]);
            ln.WaitForExit();
            AssertRefused($"ERROR: -train and -output name the same file ({Dir.File("hard.txt")}); writing -output would destroy it",
                "-train", Corpus, "-output", Dir.File("hard.txt"));
        }
    }

    [Test]
    public void Cli_EveryPairThatLosesData_IsRefused()
    {
        string model = Dir.File("m.w2vm"), vocab = Dir.File("v.vocab");
        Assert.That(OurCli.Run(["-train", Corpus, "-save-model", model, "-save-vocab", vocab, .. s_small]).Code, Is.Zero);
        AssertRefused($"ERROR: -output and -save-vocab name the same file ({Dir.File("o")}); both would be written to it and one lost",
            "-train", Corpus, "-output", Dir.File("o"), "-save-vocab", Dir.File("o"));
        AssertRefused($"ERROR: -save-vocab and -save-model name the same file ({Dir.File("o")}); both would be written to it and one lost",
            "-train", Corpus, "-save-vocab", Dir.File("o"), "-save-model", Dir.File("o"));
        AssertRefused($"ERROR: -read-vocab and -output name the same file ({vocab}); writing -output would destroy it",
            "-train", Corpus, "-read-vocab", vocab, "-output", vocab);
        AssertRefused($"ERROR: -load-model and -output name the same file ({model}); writing -output would destroy it",
            "-train", Corpus, "-load-model", model, "-output", model);
        AssertRefused($"ERROR: -load-model and -save-vocab name the same file ({model}); writing -save-vocab would destroy it",
            "-train", Corpus, "-load-model", model, "-save-vocab", model);
    }

    [Test]
    public void Cli_PairsThatLoseNothing_StillRun()
    {
        string model = Dir.File("m.w2vm"), vocab = Dir.File("v.vocab");
        Assert.That(OurCli.Run(["-train", Corpus, "-save-model", model, "-save-vocab", vocab, .. s_small]).Code, Is.Zero);
        // Continuing a model in place, and rewriting the vocabulary read.
        var r = OurCli.Run(["-train", Corpus, "-load-model", model, "-save-model", model, "-debug", "0"]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(Word2VecNative.Training.Word2VecModel.Load(model).State!.EpochsTrained, Is.EqualTo(2));
        r = OurCli.Run(["-train", Corpus, "-read-vocab", vocab, "-save-vocab", vocab, .. s_small]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        // Devices are written twice without loss.
        if (OperatingSystem.IsLinux())
        {
            r = OurCli.Run(["-train", Corpus, "-output", "/dev/null", "-save-model", "/dev/null", "-save-vocab", "/dev/null", .. s_small]);
            Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        }
    }

    [Test]
    public void Word2Phrase_OutputOverTheCorpus_IsRefused()
    {
        var before = File.ReadAllBytes(Corpus);
        var r = OurCli.Run("word2phrase", "-train", Corpus, "-output", Corpus, "-debug", "0");
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((1, "", $"ERROR: -train and -output name the same file ({Corpus}); writing -output would destroy it" + Environment.NewLine)));
        Assert.That(File.ReadAllBytes(Corpus), Is.EqualTo(before));
    }
}
