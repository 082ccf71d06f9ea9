using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Tests.Infrastructure;
using Word2VecNative.Tests.Models;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Distributed;

/// <summary>The built <c>word2vec</c> under MPICH's <c>mpirun</c> (<c>.ci/run</c> installs it), as a person runs it:
/// ranks on this machine, their outputs and their errors.</summary>
[NonParallelizable]
public sealed class MpiCommandTests : FolderTests
{
    private static readonly ExternalTool s_mpirun = new("MPICH's mpirun", "MPIRUN", ["mpirun.mpich", "mpiexec.mpich"], ["--version"],
        "install MPICH (apt install mpich)");

    private static string Program => typeof(Word2VecNative.Cli.Program).Assembly.Location;

    private static readonly string[] s_small = ["-size", "20", "-window", "3", "-iter", "2", "-threads", "1", "-min-count", "1", "-debug", "1"];

    /// <summary>mpirun with <paramref name="blocks"/>: each the ranks it starts and their command line after
    /// <c>dotnet word2vec.dll</c>, optionally in a folder of their own (MPMD: blocks separated by ':').</summary>
    private static ProcessRunner.Result MpiRun(params (int Ranks, string? Folder, string[] Args)[] blocks)
    {
        var args = new List<string>();
        foreach (var (ranks, folder, rest) in blocks)
        {
            if (args.Count > 0) args.Add(":");
            args.AddRange(["-np", ranks.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            if (folder != null) args.AddRange(["-wdir", folder]);
            args.AddRange(["dotnet", Program, .. rest]);
        }
        return ProcessRunner.Run(s_mpirun.Require(), args, timeoutSeconds: 300);
    }

    private static ProcessRunner.Result MpiRun(int ranks, params string[] args) => MpiRun((ranks, null, args));

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [TestCase(2)]
    [TestCase(3)]
    public void Ranks_WriteTheOneProcessVocabulary_AndRankZeroAloneWritesAndPrints(int ranks)
    {
        string corpus = ModelFixtures.Corpus;
        string alone = Dir.File("alone.vocab"), vectors = Dir.File("vectors.txt"), vocab = Dir.File("mpi.vocab");
        OurCli.RunChecked(["-train", corpus, "-save-vocab", alone, "-output", Dir.File("alone.txt"), .. s_small]);
        File.Delete(Dir.File("alone.txt"));

        var r = MpiRun(ranks, ["-train", corpus, "-output", vectors, "-save-vocab", vocab, .. s_small]);

        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        Assert.That(r.Stderr, Is.Empty);
        Assert.That(File.ReadAllBytes(vocab), Is.EqualTo(File.ReadAllBytes(alone)), "-save-vocab is the one process's file, byte for byte");
        string[] lines = Lines(r.StdoutText);
        Assert.That(lines.Count(l => l.StartsWith("Starting training using file", StringComparison.Ordinal)), Is.EqualTo(1), "rank 0 alone prints");
        Assert.That(lines.Count(l => l.StartsWith("Vocab size:", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(lines.Count(l => l.StartsWith($"Synchronised {ranks} ranks in ", StringComparison.Ordinal)), Is.EqualTo(1));
        var model = WordVectors.Load(vectors);
        Assert.That((model.Count, model.Size), Is.EqualTo((File.ReadAllLines(alone).Length, 20)));
        Assert.That(Directory.GetFiles(Dir.Path).Select(Path.GetFileName).Order(), Is.EqualTo(new[] { "alone.vocab", "mpi.vocab", "vectors.txt" }),
            "one file of each, no temporary files left");
    }

    /// <summary>Two ranks of one thread train a model as good as one process of two threads, at the same epochs:
    /// analogy accuracy on the text8 prefix (skip-gram, negative sampling) within 1 point.</summary>
    [Test]
    public void TwoRanks_AccuracyWithinOnePoint_OfOneProcess()
    {
        string text = SharedData.Require("text8-prefix-12.5M");
        string questions = SharedData.Require("questions-words.txt");
        string[] flags = ["-train", text, "-size", "100", "-window", "5", "-cbow", "0", "-negative", "5", "-sample", "1e-4", "-iter", "5",
            "-min-count", "5", "-binary", "1", "-debug", "1", "-timing", "1"];
        string alone = Dir.File("alone.bin"), ranks = Dir.File("ranks.bin");
        var clock = Stopwatch.StartNew();
        OurCli.RunChecked([.. flags, "-output", alone, "-threads", "2"]);
        double aloneSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var r = MpiRun(2, [.. flags, "-output", ranks, "-threads", "1"]);
        double ranksSeconds = clock.Elapsed.TotalSeconds;
        Assert.That(r.ExitCode, Is.EqualTo(0), r.Stderr);
        var one = WordVectors.Load(alone).EvaluateAnalogies(questions, threshold: 30000);
        var two = WordVectors.Load(ranks).EvaluateAnalogies(questions, threshold: 30000);
        TestContext.Out.WriteLine($"one process, 2 threads: {one.Accuracy:F2}% ({aloneSeconds:F1} s); 2 ranks of 1 thread: {two.Accuracy:F2}% ({ranksSeconds:F1} s)");
        TestContext.Out.WriteLine(Lines(r.StdoutText)[^1]);
        Assert.That(one.Accuracy, Is.GreaterThan(3), "the one-process run learnt too little for a meaningful comparison");
        Assert.That((double)two.Accuracy, Is.InRange(one.Accuracy - 1, one.Accuracy + 1));
    }

    [Test]
    public void OtherFlags_OnOneRank_AreOneLineFromRankZero_AndNoOutput()
    {
        string vectors = Dir.File("v.txt");
        var r = MpiRun((1, null, ["-train", ModelFixtures.Corpus, "-output", vectors, .. s_small]),
            (1, null, ["-train", ModelFixtures.Corpus, "-output", vectors, .. s_small, "-window", "4"]));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Is.EqualTo("ERROR: rank 1 of 2 was given other flags than rank 0: every rank must be started with the same ones\n"));
        Assert.That(r.StdoutText, Is.Empty);
        Assert.That(Directory.GetFiles(Dir.Path), Is.Empty);
    }

    [Test]
    public void AnotherCorpus_OnOneRank_IsOneLineFromRankZero_AndNoOutput()
    {
        string a = Directory.CreateDirectory(Dir.File("a")).FullName, b = Directory.CreateDirectory(Dir.File("b")).FullName;
        File.Copy(ModelFixtures.Corpus, Path.Combine(a, "corpus.txt"));
        File.Copy(ModelFixtures.OtherCorpus, Path.Combine(b, "corpus.txt"));
        string vectors = Dir.File("v.txt");
        string[] args = ["-train", "corpus.txt", "-output", vectors, .. s_small];
        var r = MpiRun((1, a, args), (1, b, args));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(r.Stderr, Is.EqualTo("ERROR: rank 1 of 2 reads another corpus than rank 0 (training data file corpus.txt differs in length or content): every rank must read the same file\n"));
        Assert.That(File.Exists(vectors), Is.False);
    }

    [Test]
    public void CorpusMissing_OnOneRank_IsOneLineFromRankZero()
    {
        string a = Directory.CreateDirectory(Dir.File("a")).FullName, b = Directory.CreateDirectory(Dir.File("b")).FullName;
        File.Copy(ModelFixtures.Corpus, Path.Combine(a, "corpus.txt"));
        string[] args = ["-train", "corpus.txt", "-output", Dir.File("v.txt"), .. s_small];
        var r = MpiRun((1, a, args), (2, b, args));
        Assert.That(r.ExitCode, Is.EqualTo(1));
        Assert.That(Lines(r.Stderr), Has.Length.EqualTo(1));
        Assert.That(r.Stderr, Is.EqualTo("ERROR: training data file corpus.txt not found (rank 1 of 3)\n"));
    }

    /// <summary>A rank killed mid-run ends every rank (MPICH's launcher reports it); no output file is written, and our
    /// processes print nothing more.</summary>
    [Test]
    public void RankKilled_EndsTheRun_WithoutOutput()
    {
        var (p, stdout, stderr, rank1) = StartLongRun();
        using var launcher = p;
        Assert.That(rank1, Is.Not.Null, "rank 1 never started");
        Process.GetProcessById(rank1!.Value).Kill();
        Assert.That(p.WaitForExit(60_000), Is.True, "the other ranks went on");
        Assert.That(p.ExitCode, Is.Not.EqualTo(0));
        Assert.That(stderr.Result, Does.Not.Contain("ERROR"));
        Assert.That(stdout.Result, Does.Contain("BAD TERMINATION"), "MPICH's launcher reports the killed rank");
        Assert.That(Directory.GetFiles(Dir.Path), Is.Empty, "no output, no temporary file");
    }

    /// <summary>Ctrl-C on mpirun (which passes SIGINT to every rank) mid-training: every rank stops at the next round,
    /// rank 0 prints the one line a single process prints, and nothing is written.</summary>
    [Test]
    public void CtrlC_OnMpirun_IsOneLine_AndNoOutput()
    {
        var (p, stdout, stderr, rank1) = StartLongRun();
        using var launcher = p;
        Assert.That(rank1, Is.Not.Null, "rank 1 never started");
        ProcessRunner.RunChecked("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeoutSeconds: 10);
        Assert.That(p.WaitForExit(60_000), Is.True, "the ranks went on after Ctrl-C");
        Assert.That(stderr.Result, Is.EqualTo("ERROR: cancelled\n"), "rank 0's line, and no MPI_Abort");
        Assert.That(stdout.Result, Does.Contain("Sending Ctrl-C to processes"));
        Assert.That(Directory.GetFiles(Dir.Path), Is.Empty, "no output, no temporary file");
    }

    /// <summary>mpirun -np 2 training for a long while on the text8 prefix, writing into this test's folder, once
    /// rank 1 trains (its process found by a marker in its environment and PMI_RANK=1, and given 3 s more): the
    /// launcher, its output streams and rank 1's process id (null if it never started).</summary>
    private (Process Launcher, Task<string> Stdout, Task<string> Stderr, int? Rank1) StartLongRun()
    {
        string text = SharedData.Require("text8-prefix-12.5M");
        string marker = Guid.NewGuid().ToString("N");
        var psi = new ProcessStartInfo(s_mpirun.Require())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-genv", "W2V_TEST_MARK", marker, "-np", "2", "dotnet", Program, "-train", text, "-output", Dir.File("v.bin"),
            "-binary", "1", "-iter", "200", "-threads", "1", "-debug", "1" })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        int? rank1 = null;
        for (var wait = Stopwatch.StartNew(); rank1 == null && wait.Elapsed < TimeSpan.FromSeconds(60); Thread.Sleep(200))
            rank1 = RankProcess(marker, 1);
        if (rank1 != null) Thread.Sleep(3000); // into training
        return (p, stdout, stderr, rank1);
    }

    private static int? RankProcess(string marker, int rank)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                var env = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (env.Contains("W2V_TEST_MARK=" + marker) && env.Contains($"PMI_RANK={rank}")
                    && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(Program, StringComparison.Ordinal))
                    return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        return null;
    }

    /// <summary>Started by an MPI launcher (its variables set) where no MPI library loads: one line, nothing read.</summary>
    [Test]
    public void NoMpiLibrary_UnderALauncher_IsOneLine()
    {
        var r = ProcessRunner.Run("env", ["PMI_SIZE=2", "PMI_RANK=0", "WORD2VEC_MPI_LIBRARY=/nonexistent/libmpi.so.12", "dotnet", Program,
            "-train", ModelFixtures.Corpus, "-output", Dir.File("v.txt"), .. s_small], timeoutSeconds: 120);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((1, "ERROR: no MPI library: WORD2VEC_MPI_LIBRARY=/nonexistent/libmpi.so.12 could not be loaded\n")));
        Assert.That(r.StdoutText, Is.Empty);
        Assert.That(Directory.GetFiles(Dir.Path), Is.Empty);
    }

    /// <summary>Without a launcher, MPI is never loaded: a library that cannot load changes nothing.</summary>
    [Test]
    public void WithoutALauncher_MpiIsNotLoaded()
    {
        var r = ProcessRunner.Run("env", ["-u", "PMI_SIZE", "-u", "OMPI_COMM_WORLD_SIZE", "WORD2VEC_MPI_LIBRARY=/nonexistent/libmpi.so.12", "dotnet", Program,
            "-train", ModelFixtures.Corpus, "-output", Dir.File("v.txt"), .. s_small], timeoutSeconds: 120);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(Encoding.UTF8.GetString(r.Stdout), Does.Not.Contain("Synchronised"));
    }

    [TestCase("-sync-period", "0", "ERROR: -sync-period must be from 0.001 to 86400 seconds (got 0)")]
    [TestCase("-sync-period", "abc", "ERROR: invalid value 'abc' for -sync-period")]
    [TestCase("-sync-words", "-1", "ERROR: -sync-words must be 0 or more (got -1)")]
    public void BadSynchronisationFlags_AreOneLine_WithoutALauncher(string flag, string value, string error)
    {
        OurCli.Run(["-train", ModelFixtures.Corpus, "-output", Dir.File("v.txt"), .. s_small, flag, value]).AssertRefused(error);
        Assert.That(Directory.GetFiles(Dir.Path), Is.Empty);
    }

    [Test]
    public void OpenMpisLauncher_IsOneLine()
    {
        var r = ProcessRunner.Run("env", ["OMPI_COMM_WORLD_SIZE=2", "dotnet", Program, "-train", ModelFixtures.Corpus, "-output", Dir.File("v.txt"), .. s_small],
            timeoutSeconds: 120);
        Assert.That((r.ExitCode, r.Stderr), Is.EqualTo((1, "ERROR: started by Open MPI's mpirun, which is not supported: start it with MPICH's (apt install mpich; mpirun.mpich -np N ...)\n")));
    }
}
