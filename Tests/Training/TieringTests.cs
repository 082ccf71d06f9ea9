using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;

namespace Word2VecNative.Tests.Training;

/// <summary>
/// Long runs keep the code they start with. The runtime's tiered compilation once replaced the training loop, part-way
/// through a run, by an on-stack-replacement compile that inlined the training step and left the step's vector
/// helpers as calls into their unoptimised first tier: training fell to a third of its speed about 25 s into every
/// run. The training loop, the step and the sentence reader must be compiled once, fully optimised, and the vector
/// helpers never on their own (always inlined into the step). Read from the JIT's own list of what it compiled
/// (<c>DOTNET_JitStdOutFile</c>, <c>DOTNET_JitDisasmSummary</c>), on a corpus of short sentences whose many loop
/// turns made the old loop's replacement certain within a second.
/// </summary>
public class TieringTests
{
    private static string AppHost => Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, OperatingSystem.IsWindows() ? "word2vec.exe" : "word2vec");

    private static readonly string[] s_cpuLoops = ["Training.TrainingRun:TrainThread[", "Training.TrainingWorker:TrainSentence[", "Training.SentenceReader:Read("];

    [TestCase("-cbow 0 -hs 0 -negative 5")]
    [TestCase("-cbow 1 -hs 1 -negative 0")]
    public void Training_CompilesItsLoopAndStepOnce_FullyOptimised(string mode)
    {
        var compiled = CompiledWhileTraining(mode);
        foreach (var method in s_cpuLoops) AssertOnceFullyOptimised(compiled, method);
        Assert.That(compiled.Where(l => l.Contains("Training.SimdMath:", StringComparison.Ordinal)), Is.Empty,
            "the vector helpers are inlined into the step, never called");
    }

    /// <summary>The batched skip-gram step (<c>-batch 1</c>): the loop, the step and the reader compiled once, and its
    /// vector lanes and the pair step's helpers always inlined.</summary>
    [Test]
    public void BatchedTraining_CompilesItsLoopAndStepOnce_FullyOptimised()
    {
        var compiled = CompiledWhileTraining("-cbow 0 -hs 1 -negative 5 -batch 1");
        foreach (var method in new[] { "Training.TrainingRun:TrainThread[", "Training.BatchedWorker:TrainSentence[", "Training.SentenceReader:Read(" })
            AssertOnceFullyOptimised(compiled, method);
        Assert.That(compiled.Where(l => l.Contains("Training.Lanes", StringComparison.Ordinal) || l.Contains("Training.BatchedWorker:Update", StringComparison.Ordinal)
            || l.Contains("Training.BatchedWorker:Dots", StringComparison.Ordinal)), Is.Empty, "the vector lanes and the products are inlined into the step, never called");
    }

    /// <summary>The GPU host's loops: the corpus encoding and the epochs' launch loop (PoCL in CI).</summary>
    [Test]
    public void GpuTraining_CompilesItsHostLoopsOnce_FullyOptimised()
    {
        var device = Gpu.GpuTestEnvironment.RequireOpenCl();
        var compiled = CompiledWhileTraining($"-cbow 0 -hs 0 -negative 5 -backend opencl -device {device.Index}");
        AssertOnceFullyOptimised(compiled, "Gpu.GpuTrainer:Train(Word2VecNative.Training.TrainingSetup,ILGPU.Runtime.Accelerator");
        AssertOnceFullyOptimised(compiled, "Gpu.Host.CorpusEncoder:EncodeRange(");
        AssertOnceFullyOptimised(compiled, "Training.SentenceReader:Read(");
    }

    private static void AssertOnceFullyOptimised(List<string> compiled, string method)
    {
        var lines = compiled.Where(l => l.Contains(method, StringComparison.Ordinal)).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), $"{method} compiled once:\n{string.Join('\n', lines)}");
        Assert.That(lines[0], Does.Contain("[FullOpts"), $"{method} fully optimised from its first call");
    }

    /// <summary>The project's methods the JIT compiled during a two-epoch run of the CLI with <paramref name="flags"/>.</summary>
    private static List<string> CompiledWhileTraining(string flags)
    {
        using var tmp = new TempDir("w2v-tiering-");
        string dir = tmp.Path;
        string corpus = Path.Combine(dir, "corpus.txt");
        var r = new Random(5);
        var sb = new StringBuilder();
        for (int line = 0; line < 60_000; line++)
        {
            for (int w = 0; w < 12; w++) sb.Append('w').Append((int)(2000 * Math.Pow(r.NextDouble(), 3))).Append(' ');
            sb.Append('\n');
        }
        File.WriteAllText(corpus, sb.ToString());
        string log = Path.Combine(dir, "jit.txt");
        var psi = new ProcessStartInfo(AppHost) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in $"-train {corpus} -output {dir}/v.bin -size 20 -window 5 -iter 2 -threads 2 -min-count 1 -binary 1 {flags}".Split(' ')) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_JitStdOutFile"] = log;
        psi.Environment["DOTNET_JitDisasmSummary"] = "1";
        using (var p = Process.Start(psi)!)
        {
            var output = p.StandardOutput.ReadToEndAsync();
            string errors = p.StandardError.ReadToEnd();
            Assert.That(p.WaitForExit(120_000), Is.True, "training did not finish");
            Assert.That(p.ExitCode, Is.Zero, errors + output.Result);
        }
        return File.ReadAllLines(log).Where(l => l.Contains("JIT compiled Word2VecNative.", StringComparison.Ordinal)).ToList();
    }
}
