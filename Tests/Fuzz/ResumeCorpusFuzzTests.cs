using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Tests.Models;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>Continuing a saved model (its plan unfinished, or finished) on hostile corpora: each case ends with one
/// clear error line or a correct run, within <see cref="FuzzRules.CaseTimeout"/>, and leaves no model behind when
/// it fails.</summary>
public sealed class ResumeCorpusFuzzTests
{
    private static readonly Lazy<(string Half, string Full)> s_models = new(() =>
    {
        string dir = Scratch.NewFolder();
        string half = Path.Combine(dir, "half.w2vm"), full = Path.Combine(dir, "full.w2vm");
        string[] common = ["-train", ModelFixtures.Corpus, "-size", "8", "-window", "3", "-min-count", "1", "-iter", "2", "-threads", "2", "-debug", "0"];
        Assert.That(OurCli.Run([.. common, "-stop-after", "1", "-save-model", half]).Code, Is.Zero);
        Assert.That(OurCli.Run([.. common, "-save-model", full]).Code, Is.Zero);
        return (half, full);
    });

    /// <summary>Name, how to make the corpus at a path, and whether training on it must succeed (null: either, as
    /// random bytes may spell a few of the model's short words).</summary>
    public static IEnumerable<TestCaseData> Corpora()
    {
        var rnd = new Random(15);
        byte[] garbage = new byte[300_000];
        rnd.NextBytes(garbage);
        string known = string.Join(' ', Enumerable.Range(0, 200_000).Select(i => i % 3 == 0 ? "the" : i % 3 == 1 ? "cat" : "zzq" + i));
        var cases = new (string Name, Action<string> Make, bool? Trains)[]
        {
            ("empty", p => File.WriteAllBytes(p, []), false),
            ("only unknown words", p => File.WriteAllText(p, string.Join(' ', Enumerable.Range(0, 50_000).Select(i => "zzq" + i)) + "\n"), false),
            ("only newlines", p => File.WriteAllText(p, new string('\n', 10_000)), false),
            ("one huge line of unknown words", p => File.WriteAllText(p, string.Join(' ', Enumerable.Range(0, 500_000).Select(i => "zzq" + i))), false),
            ("one huge line with known words", p => File.WriteAllText(p, known), true),
            ("binary garbage", p => File.WriteAllBytes(p, garbage), null),
            ("a directory", p => Directory.CreateDirectory(p), false),
            ("a FIFO whose writer sends known words", p => MakeFifo(p, known), true),
        };
        foreach (var c in cases)
        {
            yield return new TestCaseData(c.Name, c.Make, c.Trains, false).SetArgDisplayNames(c.Name, "unfinished plan");
            yield return new TestCaseData(c.Name, c.Make, c.Trains, true).SetArgDisplayNames(c.Name, "finished plan");
        }
    }

    /// <summary>A FIFO (read once, into a temporary file) whose writer sends <paramref name="text"/> and closes it.</summary>
    private static void MakeFifo(string path, string text)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("FIFOs are made with mkfifo");
        using var p = Process.Start("mkfifo", [path]);
        p.WaitForExit();
        Assert.That(p.ExitCode, Is.Zero);
        new Thread(() =>
        {
            using var w = new FileStream(path, FileMode.Open, FileAccess.Write); // waits for the reader
            w.Write(System.Text.Encoding.ASCII.GetBytes(text));
        })
        { IsBackground = true }.Start();
    }

    [TestCaseSource(nameof(Corpora))]
    public void Resume_OnHostileCorpus_IsOneLineOrACorrectRun(string name, Action<string> make, bool? expected, bool finished)
    {
        var (half, full) = s_models.Value;
        string dir = Scratch.NewFolder();
        string corpus = Path.Combine(dir, "corpus"), saved = Path.Combine(dir, "out.w2vm");
        make(corpus);
        OurCli.Result? r = null;
        string? problem = FuzzRules.WithTimeout(() =>
        {
            r = OurCli.Run("-train", corpus, "-load-model", finished ? full : half, "-save-model", saved, "-debug", "0");
            return FuzzRules.CliProblem(r, corpus);
        });
        Assert.That(problem, Is.Null, name);
        bool trains = r!.Code == 0;
        if (expected is bool must) Assert.That(trains, Is.EqualTo(must), $"{name}: {r.Stderr}");
        Assert.That(File.Exists(saved), Is.EqualTo(trains), "a model is written only by a run that trained");
        if (trains) Assert.That(Word2VecNative.Training.Word2VecModel.Load(saved).State!.IsComplete, Is.True);
    }
}
