using System.Text;
using Word2VecNative.Cli;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>Runs our <c>word2vec</c> command in process, capturing its exit code and streams.</summary>
internal static class OurCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int rc = Program.Run(args, stdout, Stream.Null, stderr);
        return new Result(rc, stdout.ToString(), stderr.ToString());
    }

    public static Result RunChecked(params string[] args)
    {
        var r = Run(args);
        if (r.ExitCode != 0)
            throw new InvalidOperationException($"word2vec {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "w2v-parity-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, byte[] content)
    {
        string p = File(name);
        System.IO.File.WriteAllBytes(p, content);
        return p;
    }

    public string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
