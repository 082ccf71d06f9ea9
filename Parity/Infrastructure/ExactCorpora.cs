using NUnit.Framework;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>
/// The corpora of a class that compares exact-mode training with the C tool: a temporary folder for the class, a
/// 300 KB text8 slice (written on first use) and an awkward corpus made from <paramref name="awkwardSeed"/> and
/// <paramref name="awkwardTokens"/>.
/// </summary>
public abstract class ExactCorpora(int awkwardSeed, int awkwardTokens)
{
    private const int Text8SliceBytes = 300_000;

    private string? _text8Slice;

    private protected TempDir Dir { get; private set; } = null!;

    /// <summary>The awkward corpus: bytes the C tool and ours must split into the same words (see <see cref="AwkwardCorpus"/>).</summary>
    protected string Awkward { get; private set; } = null!;

    [OneTimeSetUp]
    public void WriteCorpora()
    {
        Dir = new TempDir();
        Awkward = Dir.Write("awkward.txt", AwkwardCorpus.Generate(seed: awkwardSeed, tokens: awkwardTokens));
    }

    [OneTimeTearDown]
    public void DeleteCorpora() => Dir.Dispose();

    protected string Text8Slice() => _text8Slice ??= Dir.Write("text8-slice.txt", SharedData.Head("text8-prefix-12.5M", Text8SliceBytes));
}
