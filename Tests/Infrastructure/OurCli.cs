using System.Text;
using NUnit.Framework;
using Word2VecNative.Cli;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>Runs our <c>word2vec</c> command in process, capturing its exit code and streams: the one place the tests
/// (and the parity tests, which link this file) call <see cref="Program.Run"/> to see what a person would see. Tests of
/// the built program itself (signals, a terminal, a link under a C program's name) run it as a process instead.</summary>
internal static class OurCli
{
    public sealed record Result(int Code, string Stdout, string Stderr)
    {
        /// <summary>Asserts that the command was refused: exit code 1 and <paramref name="error"/> the one line on standard error.</summary>
        public void AssertRefused(string error) => Assert.That((Code, Stderr), Is.EqualTo((1, error + Environment.NewLine)));
    }

    /// <summary>The command with nothing on standard input.</summary>
    public static Result Run(params string[] args) => Run(args, stdin: []);

    /// <summary>The command with <paramref name="stdin"/> (UTF-8) on standard input.</summary>
    public static Result Run(string[] args, string stdin) => Run(args, Encoding.UTF8.GetBytes(stdin));

    /// <summary>The command with <paramref name="stdin"/> on standard input, started under the program name
    /// <paramref name="invokedAs"/> (a companion program's, as through a link) where given.</summary>
    public static Result Run(string[] args, byte[] stdin, string? invokedAs = null, CancellationToken cancellationToken = default)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = Program.Run(args, stdout, new MemoryStream(stdin), stderr, cancellationToken, invokedAs);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The program started under the name <paramref name="invokedAs"/>, as through a link of that name.</summary>
    public static Result RunAs(string invokedAs, params string[] args) => Run(args, [], invokedAs);

    /// <summary>The command, which must succeed.</summary>
    public static Result RunChecked(params string[] args)
    {
        var r = Run(args);
        if (r.Code != 0)
            throw new InvalidOperationException($"word2vec {string.Join(' ', args)} exited {r.Code}: {r.Stderr}");
        return r;
    }
}
