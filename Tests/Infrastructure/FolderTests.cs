using NUnit.Framework;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>Tests that each get a folder of their own in the run's scratch folder, made before the test and deleted
/// after it (what a failed deletion leaves, the end of the run removes).</summary>
public abstract class FolderTests
{
    private TempDir _dir = null!;

    /// <summary>The folder's path.</summary>
    protected string Folder => _dir.Path;

    [SetUp]
    public void MakeFolder() => _dir = new TempDir(GetType().Name + "-", Scratch.Root);

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    /// <summary>A path in the folder.</summary>
    protected string InFolder(params string[] names) => _dir.File(names);
}
