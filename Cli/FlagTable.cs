using System.Globalization;
using System.Text;

namespace Word2VecNative.Cli;

/// <summary>Where a flag is listed in the usage text: with the C program's own flags, or among this tool's additions.</summary>
internal enum FlagSection
{
    C,
    Additions,
}

/// <summary>
/// One command-line flag, described once: its name, the kind of value it takes, its help (the C program's usage
/// lines, with <c>{0}</c> where the default goes), a one-line summary for the README's table, the default shown
/// (read from the options type, not written here), and how a value is applied to the arguments being built.
/// </summary>
internal sealed record Flag<TArgs>(
    string Name,
    string Value,
    string Help,
    string Summary,
    Func<string> Default,
    Action<TArgs, string> Apply,
    FlagSection Section = FlagSection.C)
{
    /// <summary>The usage lines: <c>\t-name &lt;value&gt;\n\t\thelp\n</c>.</summary>
    public string UsageLines => $"\t-{Name} {Value}\n\t\t{string.Format(CultureInfo.InvariantCulture, Help, Default())}\n";

    /// <summary>The README table row.</summary>
    public string ReadmeRow => $"| `-{Name} {Value.Replace("|", "\\|", StringComparison.Ordinal)}` | {Summary} | {Default()} |";
}

/// <summary>
/// A command's flags, parsed as the C programs parse theirs (<c>-train file -size 200</c>): a flag's value is always
/// the next argument (so <c>-alpha -1</c> is a value), the first occurrence of a flag wins (C's ArgPos), and a flag
/// without a value is an error. Unlike C, an unknown argument and a malformed number are errors too, and each value
/// is checked where it is applied, so a bad one is reported with its flag before any work starts.
/// </summary>
internal sealed class FlagTable<TArgs>(IReadOnlyList<Flag<TArgs>> flags) where TArgs : new()
{
    public IReadOnlyList<Flag<TArgs>> Flags { get; } = flags;

    public TArgs Parse(IReadOnlyList<string> args)
    {
        var result = new TArgs();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a.Length < 2 || a[0] != '-' || a == "--")
                throw new CliError($"ERROR: unexpected argument '{Printable(a)}' (options look like -train <file>; run with no arguments for usage)");
            string name = a.StartsWith("--", StringComparison.Ordinal) ? a[2..] : a[1..];
            var flag = Flags.FirstOrDefault(f => f.Name == name)
                ?? throw new CliError($"ERROR: unknown option '{Printable(a)}' (run with no arguments for usage)");
            if (i == args.Count - 1) throw new CliError($"Argument missing for {Printable(a)}");
            string value = args[++i];
            if (seen.Add(name)) flag.Apply(result, value);
        }
        return result;
    }

    /// <summary>The usage lines of the flags of one section, in table order.</summary>
    public string Usage(FlagSection section) =>
        string.Concat(Flags.Where(f => f.Section == section).Select(f => f.UsageLines));

    /// <summary>The README's flag table: header and one row per flag.</summary>
    public string ReadmeTable()
    {
        var sb = new StringBuilder("| flag | meaning | default |\n|---|---|---|\n");
        foreach (var f in Flags) sb.Append(f.ReadmeRow).Append('\n');
        return sb.ToString();
    }

    // ---- value parsers shared by the tables ----

    public static int Int(string flag, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out int v)
            ? v : throw Invalid(flag, value);

    public static float Float(string flag, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) ? v : throw Invalid(flag, value);

    public static double Double(string flag, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : throw Invalid(flag, value);

    public static string File(string flag, string value) =>
        value.Length > 0 && value.IndexOf('\0') < 0 ? value : throw Invalid(flag, value);

    public static CliError Invalid(string flag, string value) => new($"ERROR: invalid value '{Printable(value)}' for -{flag}");

    public static string Printable(string s) => CText.Printable(s);
}
