using NUnit.Framework;

namespace Word2VecNative.Tests.Cli;

/// <summary>Command-line tests whose folder (see <see cref="FolderTests"/>) holds a corpus, <see cref="Corpus"/>;
/// the derived class says what it holds.</summary>
public abstract class CorpusFolderTests : FolderTests
{
    /// <summary>The corpus in the folder (corpus.txt).</summary>
    protected string Corpus { get; private set; } = null!;

    [SetUp]
    public void WriteCorpus() => Corpus = Dir.Write("corpus.txt", CorpusText());

    /// <summary>What the corpus holds.</summary>
    protected abstract string CorpusText();
}
