using NUnit.Framework;

namespace Word2VecNative.Parity.Tools;

/// <summary>Removes the scratch folder of the companion-tool parity tests after they ran.</summary>
[SetUpFixture]
public sealed class ToolsSetUp
{
    [OneTimeTearDown]
    public void RemoveScratch() => ToolFixtures.DeleteScratch();
}
