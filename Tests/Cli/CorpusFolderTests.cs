using NUnit.Framework;

namespace Word2VecNative.Tests.Cli;

/// <summary>Command-line tests that each get a folder of their own holding a corpus (<see cref="Corpus"/>), made
/// before the test and deleted after it; the derived class says what the corpus holds.</summary>
public abstract class CorpusFolderTests
{
    private TempDir _dir = null!;

    /// <summary>The corpus in the folder (corpus.txt).</summary>
    protected string Corpus { get; private set; } = null!;

    /// <summary>The folder's path.</summary>
    protected string Folder => _dir.Path;

    [SetUp]
    public void MakeFolder()
    {
        _dir = new TempDir("w2v-cli-");
        Corpus = _dir.Write("corpus.txt", CorpusText());
    }

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    /// <summary>What the corpus holds.</summary>
    protected abstract string CorpusText();

    /// <summary>A path in the folder.</summary>
    protected string InFolder(params string[] names) => _dir.File(names);
}
