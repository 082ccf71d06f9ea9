using System.Text;

namespace Word2VecNative.Cli;

/// <summary>Entry point: the training command (the C <c>word2vec</c> flags) or one of the companion verbs.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        try
        {
            return Run(args, stdout, Console.In, Console.Error);
        }
        finally
        {
            stdout.Flush();
        }
    }

    /// <summary>Runs the command line with explicit streams (tests call this directly).</summary>
    public static int Run(string[] args, TextWriter stdout, TextReader stdin, TextWriter stderr)
    {
        try
        {
            if (args.Length > 0 && Verbs.TryGet(args[0], out var verb))
                return verb(args[1..], stdout, stdin);
            return TrainCommand.Run(args, stdout);
        }
        catch (Exception e) when (e is CliError or Word2VecException)
        {
            stdout.Flush();
            stderr.WriteLine(e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            stdout.Flush();
            stderr.WriteLine("ERROR: cancelled");
            return 130;
        }
    }
}

/// <summary>The companion commands, each a drop-in for the C program of the same name.</summary>
internal static class Verbs
{
    public delegate int Handler(string[] args, TextWriter stdout, TextReader stdin);

    private static readonly Dictionary<string, Handler> s_verbs = new(StringComparer.Ordinal)
    {
        ["demo"] = DemoCommand.Run,
        ["devices"] = DevicesCommand.Run,
        ["distance"] = DistanceCommand.Run,
        ["word-analogy"] = WordAnalogyCommand.Run,
        ["compute-accuracy"] = ComputeAccuracyCommand.Run,
        ["word2phrase"] = Word2PhraseCommand.Run,
    };

    public static bool TryGet(string name, out Handler handler) => s_verbs.TryGetValue(name, out handler!);
}
