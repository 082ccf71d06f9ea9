using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;

namespace Word2VecNative.Tests.Corpora;

/// <summary>Corpora in the forms people keep them: the demo grammar's text, compressed by the real tools (gzip, bzip2,
/// xz, zstd; a test skips where one is missing), split over files.</summary>
internal static class CorpusFixtures
{
    private static readonly Lazy<byte[]> s_text = new(() => Encoding.ASCII.GetBytes(DemoCommand.GenerateCorpus(3000, 31)));

    /// <summary>About 100 KB of the demo's grammar, lines ending in newlines.</summary>
    public static byte[] Text => s_text.Value;

    /// <summary>Runs <paramref name="script"/> with sh in <paramref name="dir"/>; skips the test when a tool it names
    /// in <paramref name="tools"/> is missing.</summary>
    public static void Sh(string dir, string script, params string[] tools)
    {
        foreach (var tool in tools)
        {
            if (!OnPath(tool)) Assert.Ignore($"{tool} is not installed");
        }
        var psi = new ProcessStartInfo("sh", ["-c", script]) { WorkingDirectory = dir, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero, err);
    }

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));

    /// <summary>The command that compresses standard input to standard output in each format.</summary>
    public static readonly (string Format, string Tool, string Command)[] Formats =
    [
        ("gzip", "gzip", "gzip -c"),
        ("bzip2", "bzip2", "bzip2 -c"),
        ("xz", "xz", "xz -c"),
        ("zstd", "zstd", "zstd -q -c"),
    ];

    public static IEnumerable<TestCaseData> FormatCases() => Formats.Select(f => new TestCaseData(f.Tool, f.Command).SetArgDisplayNames(f.Format));

    /// <summary>The bytes a corpus opens to, read to the end.</summary>
    public static byte[] ReadAll(Word2VecNative.Training.TrainingCorpus corpus)
    {
        using var s = corpus.Open();
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }
}
