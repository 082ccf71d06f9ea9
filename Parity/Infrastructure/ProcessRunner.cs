using System.Diagnostics;
using System.Text;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>Runs an external program and captures its output as bytes (outputs are compared byte for byte).</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, byte[] Stdout, string Stderr)
    {
        public string StdoutText => Encoding.UTF8.GetString(Stdout);
    }

    public static Result Run(string file, IEnumerable<string> args, string? workingDirectory = null, byte[]? stdin = null, int timeoutSeconds = 600)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        var stdoutTask = Task.Run(() =>
        {
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            return ms.ToArray();
        });
        var stderrTask = p.StandardError.ReadToEndAsync();
        if (stdin != null) p.StandardInput.BaseStream.Write(stdin);
        p.StandardInput.Close();
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            try { p.Kill(true); } catch (InvalidOperationException) { }
            throw new TimeoutException($"{file} did not finish in {timeoutSeconds} s");
        }
        return new Result(p.ExitCode, stdoutTask.Result, stderrTask.Result);
    }

    public static Result RunChecked(string file, IEnumerable<string> args, string? workingDirectory = null, byte[]? stdin = null, int timeoutSeconds = 600)
    {
        var r = Run(file, args, workingDirectory, stdin, timeoutSeconds);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}{Encoding.UTF8.GetString(r.Stdout.AsSpan(0, Math.Min(2000, r.Stdout.Length)))}");
        return r;
    }
}
