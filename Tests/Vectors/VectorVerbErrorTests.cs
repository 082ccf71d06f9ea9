using NUnit.Framework;
using Word2VecNative.Tests.Fuzz;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The verbs that load vectors turn the library's exceptions for a missing, unreadable or malformed file into
/// one C-style line on standard error and exit code 1.</summary>
public class VectorVerbErrorTests
{
    [TestCase("distance")]
    [TestCase("word-analogy")]
    [TestCase("compute-accuracy")]
    public void VectorVerbs_BadVectorsFile_OneLineAndExit1(string verb)
    {
        string missing = Path.Combine(Scratch.Root, "absent", "v.bin");
        string cut = Scratch.File(VectorFixtures.File(true)[..^20]);
        var cases = new (string File, string Expected)[]
        {
            (missing, $"ERROR: vectors file {missing} not found"),
            (Path.GetDirectoryName(cut)!, "ERROR: cannot read vectors file "),
            (cut, $"ERROR: {cut} is truncated"),
        };
        foreach (var (file, expected) in cases)
        {
            var r = OurCli.Run([verb, file], "king\nEXIT\n");
            Assert.That(FuzzRules.CliProblem(r, file), Is.Null, $"{verb} {file}");
            Assert.That(r.Code, Is.EqualTo(1));
            Assert.That(r.Stderr, Does.StartWith(expected), $"{verb} {file}");
        }
    }
}
