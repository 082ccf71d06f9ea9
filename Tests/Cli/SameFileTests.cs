using NUnit.Framework;
using Word2VecNative.Tests.Models;

namespace Word2VecNative.Tests.Cli;

/// <summary>Two flags naming one file where the C tool would lose one of them (an output written over the corpus, the
/// model over the vectors) are one error line before anything is read or written; the harmless pairs still run.</summary>
public sealed class SameFileTests
{
    private TempDir _dir = null!;
    private string _corpus = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDir("w2v-same-");
        _corpus = _dir.File("corpus.txt");
        File.Copy(ModelFixtures.Corpus, _corpus);
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private string P(string name) => _dir.File(name);

    private static readonly string[] s_small = ["-size", "8", "-window", "2", "-min-count", "1", "-iter", "1", "-threads", "1", "-debug", "0"];

    private (OurCli.Result Result, Dictionary<string, byte[]> Before) RunKeepingFiles(params string[] args)
    {
        var before = Directory.GetFiles(_dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        return (OurCli.Run([.. args, .. s_small]), before);
    }

    private void AssertRefused(string message, params string[] args)
    {
        var (r, before) = RunKeepingFiles(args);
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((1, "", message + Environment.NewLine)));
        var after = Directory.GetFiles(_dir.Path).ToDictionary(f => f, File.ReadAllBytes);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys), "nothing written");
        foreach (var (f, bytes) in before) Assert.That(after[f], Is.EqualTo(bytes), f + " unchanged");
    }

    [Test]
    public void Cli_OutputAndSaveModelOneFile_IsRefused() =>
        AssertRefused($"ERROR: -output and -save-model name the same file ({P("x")}); both would be written to it and one lost",
            "-train", _corpus, "-output", P("x"), "-save-model", P("x"));

    [Test]
    public void Cli_SaveModelOverTheCorpus_IsRefused() =>
        AssertRefused($"ERROR: -train and -save-model name the same file ({_corpus}); writing -save-model would destroy it",
            "-train", _corpus, "-save-model", _corpus);

    [Test]
    public void Cli_OutputThroughALinkOrAHardLinkToTheCorpus_IsRefused()
    {
        File.CreateSymbolicLink(P("link.txt"), _corpus);
        AssertRefused($"ERROR: -train and -output name the same file ({P("link.txt")}); writing -output would destroy it",
            "-train", _corpus, "-output", P("link.txt"));
        string other = _dir.File(".", "sub", "..", "corpus.txt");
        Directory.CreateDirectory(P("sub"));
        AssertRefused($"ERROR: -train and -save-vocab name the same file ({other}); writing -save-vocab would destroy it",
            "-train", _corpus, "-save-vocab", other);
        if (OperatingSystem.IsLinux())
        {
            using var ln = System.Diagnostics.Process.Start("ln", [_corpus, P("hard.txt")]);
            ln.WaitForExit();
            AssertRefused($"ERROR: -train and -output name the same file ({P("hard.txt")}); writing -output would destroy it",
                "-train", _corpus, "-output", P("hard.txt"));
        }
    }

    [Test]
    public void Cli_EveryPairThatLosesData_IsRefused()
    {
        string model = P("m.w2vm"), vocab = P("v.vocab");
        Assert.That(OurCli.Run(["-train", _corpus, "-save-model", model, "-save-vocab", vocab, .. s_small]).Code, Is.Zero);
        AssertRefused($"ERROR: -output and -save-vocab name the same file ({P("o")}); both would be written to it and one lost",
            "-train", _corpus, "-output", P("o"), "-save-vocab", P("o"));
        AssertRefused($"ERROR: -save-vocab and -save-model name the same file ({P("o")}); both would be written to it and one lost",
            "-train", _corpus, "-save-vocab", P("o"), "-save-model", P("o"));
        AssertRefused($"ERROR: -read-vocab and -output name the same file ({vocab}); writing -output would destroy it",
            "-train", _corpus, "-read-vocab", vocab, "-output", vocab);
        AssertRefused($"ERROR: -load-model and -output name the same file ({model}); writing -output would destroy it",
            "-train", _corpus, "-load-model", model, "-output", model);
        AssertRefused($"ERROR: -load-model and -save-vocab name the same file ({model}); writing -save-vocab would destroy it",
            "-train", _corpus, "-load-model", model, "-save-vocab", model);
    }

    [Test]
    public void Cli_PairsThatLoseNothing_StillRun()
    {
        string model = P("m.w2vm"), vocab = P("v.vocab");
        Assert.That(OurCli.Run(["-train", _corpus, "-save-model", model, "-save-vocab", vocab, .. s_small]).Code, Is.Zero);
        // Continuing a model in place, and rewriting the vocabulary read.
        var r = OurCli.Run(["-train", _corpus, "-load-model", model, "-save-model", model, "-debug", "0"]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(Word2VecNative.Training.Word2VecModel.Load(model).State!.EpochsTrained, Is.EqualTo(2));
        r = OurCli.Run(["-train", _corpus, "-read-vocab", vocab, "-save-vocab", vocab, .. s_small]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        // Devices are written twice without loss.
        if (OperatingSystem.IsLinux())
        {
            r = OurCli.Run(["-train", _corpus, "-output", "/dev/null", "-save-model", "/dev/null", "-save-vocab", "/dev/null", .. s_small]);
            Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        }
    }

    [Test]
    public void Word2Phrase_OutputOverTheCorpus_IsRefused()
    {
        var before = File.ReadAllBytes(_corpus);
        var r = OurCli.Run("word2phrase", "-train", _corpus, "-output", _corpus, "-debug", "0");
        Assert.That((r.Code, r.Stdout, r.Stderr), Is.EqualTo((1, "", $"ERROR: -train and -output name the same file ({_corpus}); writing -output would destroy it" + Environment.NewLine)));
        Assert.That(File.ReadAllBytes(_corpus), Is.EqualTo(before));
    }
}
