using NUnit.Framework;

namespace Word2VecNative.Tests;

/// <summary>Removes the files the tests wrote. In the root namespace, not the folder's: a set-up fixture covers its own
/// namespace and those below it, so here it runs after every test of the assembly.</summary>
[SetUpFixture]
public sealed class TestsSetUp
{
    [OneTimeTearDown]
    public void RemoveScratch()
    {
        try { Directory.Delete(Scratch.Root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
