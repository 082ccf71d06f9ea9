using NUnit.Framework;
using Word2VecNative.Tests.Vectors;

namespace Word2VecNative.Tests;

/// <summary>Removes the files the tests wrote.</summary>
[SetUpFixture]
public sealed class TestsSetUp
{
    [OneTimeTearDown]
    public void RemoveScratch()
    {
        try { Directory.Delete(VectorFixtures.ScratchRoot, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
