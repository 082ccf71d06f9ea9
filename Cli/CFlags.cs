namespace Word2VecNative.Cli;

/// <summary>
/// The C tools' single-dash flags (<c>-train file -size 200</c>), turned into the <c>--name=value</c> tokens that
/// CommandLineParser reads. As in C's ArgPos, a flag's value is always the next argument (so <c>-alpha -1</c>
/// works), the first occurrence of a flag wins, and a flag with no value is an error. Unlike C, an unknown
/// argument is an error too.
/// </summary>
internal static class CFlags
{
    public static string[] Translate(IReadOnlyList<string> args, IReadOnlyCollection<string> knownFlags)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.Length < 2 || a[0] != '-' || a.StartsWith("--", StringComparison.Ordinal) && a.Length == 2)
                throw new CliError($"ERROR: unexpected argument '{a}' (options look like -train <file>; run with no arguments for usage)");
            string name = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : a[1..];
            if (!knownFlags.Contains(name))
                throw new CliError($"ERROR: unknown option '{a}' (run with no arguments for usage)");
            if (i == args.Count - 1)
                throw new CliError($"Argument missing for {a}");
            string value = args[++i];
            if (seen.Add(name)) result.Add($"--{name}={value}");
        }
        return result.ToArray();
    }
}

/// <summary>A user error: printed as one line, exit code 1.</summary>
internal sealed class CliError(string message) : Exception(message);
