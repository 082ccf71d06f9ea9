using NUnit.Framework;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>Tests that each get a folder of their own, <see cref="Dir"/>, made before the test and deleted after it
/// (the tests and the parity tests, which link this file).</summary>
public abstract class FolderTests
{
    /// <summary>This test's folder.</summary>
    private protected TempDir Dir { get; private set; } = null!;

    [SetUp]
    public void MakeFolder() => Dir = new TempDir("w2v-" + GetType().Name + "-");

    [TearDown]
    public void DeleteFolder() => Dir.Dispose();
}
