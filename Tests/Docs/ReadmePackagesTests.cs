using System.Text.RegularExpressions;
using System.Xml.Linq;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Docs;

/// <summary>The README's Packages section names what the packages hold and depend on: every public type of the GPU
/// package (from the public API snapshot) and every package reference of each project.</summary>
public sealed partial class ReadmePackagesTests
{
    [TestCase("Word2VecNative", "Engine/Word2VecNative.Engine.csproj")]
    [TestCase("Word2VecNative.Gpu", "Engine.Gpu/Word2VecNative.Gpu.csproj")]
    public void Readme_Packages_NameEveryDependency(string package, string project)
    {
        string bullet = Bullet(package);
        var references = XDocument.Load(Path.Combine(RepoPaths.Root, project)).Descendants("PackageReference")
            .Where(r => r.Attribute("PrivateAssets")?.Value != "all")
            .Select(r => r.Attribute("Include")!.Value).ToList();
        Assert.That(references, Is.Not.Empty);
        foreach (var r in references) Assert.That(bullet, Does.Contain(r), $"README's {package} bullet omits its dependency {r}");
    }

    [Test]
    public void Readme_GpuPackage_NamesEveryPublicType()
    {
        string bullet = Bullet("Word2VecNative.Gpu");
        var types = File.ReadLines(Path.Combine(RepoPaths.Root, "Tests/PublicApi/Word2VecNative.Gpu.txt"))
            .Select(l => TypeLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.That(types, Has.Count.GreaterThan(3));
        foreach (var t in types) Assert.That(bullet, Does.Contain($"`{t}`"), $"README's Gpu bullet omits the public type {t}");
    }

    /// <summary>The README bullet of a package: from "- **name**" to the next bullet.</summary>
    private static string Bullet(string package)
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).ReplaceLineEndings("\n");
        int at = readme.IndexOf($"- **{package}** (", StringComparison.Ordinal);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"README.md has no bullet for {package}");
        int end = readme.IndexOf("\n- ", at + 1, StringComparison.Ordinal);
        return readme[at..end].Replace("\n  ", " ", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^public .*?(?:class|struct|enum|record|interface) Word2VecNative\.Gpu\.(\w+)")]
    private static partial Regex TypeLine();
}
