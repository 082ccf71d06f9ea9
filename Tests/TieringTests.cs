using System.Diagnostics;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;

namespace Word2VecNative.Tests;

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

    [TestCase("-cbow 0 -hs 0 -negative 5")]
    [TestCase("-cbow 1 -hs 1 -negative 0")]
    public void Training_CompilesItsLoopAndStepOnce_FullyOptimised(string mode)
    {
        string dir = Path.Combine(Path.GetTempPath(), "w2v-tiering-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
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
            foreach (var a in $"-train {corpus} -output {dir}/v.bin -size 20 -window 5 -iter 2 -threads 2 -min-count 1 -binary 1 {mode}".Split(' ')) psi.ArgumentList.Add(a);
            psi.Environment["DOTNET_JitStdOutFile"] = log;
            psi.Environment["DOTNET_JitDisasmSummary"] = "1";
            using (var p = Process.Start(psi)!)
            {
                var output = p.StandardOutput.ReadToEndAsync();
                string errors = p.StandardError.ReadToEnd();
                Assert.That(p.WaitForExit(120_000), Is.True, "training did not finish");
                Assert.That(p.ExitCode, Is.Zero, errors + output.Result);
            }
            var compiled = File.ReadAllLines(log).Where(l => l.Contains("JIT compiled Word2VecNative.Training.", StringComparison.Ordinal)).ToList();
            string[] Of(string method) => compiled.Where(l => l.Contains(method, StringComparison.Ordinal)).ToArray();
            foreach (var method in new[] { "TrainingRun:TrainThread[", "TrainingWorker:TrainSentence[", "SentenceReader:Read(" })
            {
                var lines = Of(method);
                Assert.That(lines, Has.Length.EqualTo(1), $"{method} compiled once:\n{string.Join('\n', lines)}");
                Assert.That(lines[0], Does.Contain("[FullOpts"), $"{method} fully optimised from its first call");
            }
            Assert.That(Of("SimdMath:"), Is.Empty, "the vector helpers are inlined into the step, never called");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
