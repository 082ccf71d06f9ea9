using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Parity;

/// <summary>Run without arguments, our programs print the C programs' usage texts byte for byte (the training
/// command and word2phrase add their own section after the C text); under a C program's name, the other companion
/// commands print the C program's usage, as the C demo scripts expect.</summary>
public sealed class UsageParityTests
{
    [Test]
    public void Usage_Word2Vec_StartsWithTheCText()
    {
        var tool = CTool.Require();
        string c = ProcessRunner.RunChecked(tool.Fast("word2vec"), []).StdoutText;
        var r = OurCli.RunChecked();
        Assert.That(r.Stdout, Does.StartWith(c));
        Assert.That(r.Stdout[c.Length..], Does.StartWith("Word2VecNative additions:\n"));
    }

    [Test]
    public void Usage_Word2PhraseUnderItsCName_StartsWithTheCText()
    {
        var tool = CTool.Require();
        string c = ProcessRunner.RunChecked(tool.Fast("word2phrase"), []).StdoutText;
        var (code, stdout, _) = OurCli.RunAs("word2phrase");
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Does.StartWith(c));
        Assert.That(stdout[c.Length..], Does.StartWith("Word2VecNative additions:\n\t-strict "));
    }

    [TestCase("distance")]
    [TestCase("word-analogy")]
    [TestCase("compute-accuracy")]
    public void Usage_CompanionUnderItsCName_IsTheCText(string program)
    {
        var tool = CTool.Require();
        string c = ProcessRunner.RunChecked(tool.Fast(program), []).StdoutText;
        var (code, stdout, _) = OurCli.RunAs(program);
        Assert.That(code, Is.Zero);
        Assert.That(stdout, Is.EqualTo(c));
    }
}
