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
    Action<TArgs, FlagValue> Apply,
    FlagSection Section = FlagSection.C)
{
    /// <summary>The usage lines: <c>\t-name &lt;value&gt;\n\t\thelp\n</c>.</summary>
    public string UsageLines => $"\t-{Name} {Value}\n\t\t{string.Format(CultureInfo.InvariantCulture, Help, Default())}\n";

    /// <summary>The README table row.</summary>
    public string ReadmeRow => $"| `-{Name} {Value.Replace("|", "\\|", StringComparison.Ordinal)}` | {Summary} | {Default()} |";
}

/// <summary>Arguments that keep which flags the command line gave: <see cref="FlagTable{TArgs}.Parse"/> sets the names
/// (without the dash) of the flags it found.</summary>
internal interface IGivenFlags
{
    IReadOnlySet<string> Given { get; set; }
}

/// <summary>
/// A command's flags, read as the C programs read theirs with <c>ArgPos</c>: each known flag is looked for by name
/// among all the arguments, its first occurrence wins and its value is the argument after it, whatever that looks
/// like (<c>-alpha -1</c>; in <c>-foo -size 7</c> the unknown <c>-foo</c> does not take <c>-size</c> as its value, and
/// <c>-size</c> is 7). A known flag that is the last argument is an error ("Argument missing", where C exits too).
/// What C ignores (unknown options, stray arguments, a flag given again) is ignored with a warning, and numbers are
/// read as C's atoi and atof read them (<see cref="FlagValue"/>); with <c>-strict 1</c> all of that is an error.
/// Each value is checked where it is applied, so a bad one is reported with its flag before any work starts.
/// </summary>
internal sealed class FlagTable<TArgs>(IReadOnlyList<Flag<TArgs>> flags) where TArgs : new()
{
    public IReadOnlyList<Flag<TArgs>> Flags { get; } = flags;

    /// <summary>Reads <paramref name="args"/>; the warnings go to <paramref name="warnings"/> (none are written when the
    /// command line is refused).</summary>
    public TArgs Parse(IReadOnlyList<string> args, TextWriter? warnings = null)
    {
        var at = Positions(args);
        int n = args.Count;
        var strictFlag = Flags.FirstOrDefault(f => f.Name == CommandLineNotes.StrictFlag);
        var notes = new CommandLineNotes(strictFlag != null && at.TryGetValue(strictFlag, out int s) && CommandLineNotes.ReadStrict(args, s));

        // Roles as C's scan gives them: a flag found, the value after it (an argument may be both).
        var isFlag = new bool[n];
        var isValue = new bool[n];
        foreach (int i in at.Values)
        {
            isFlag[i] = true;
            isValue[i + 1] = true;
        }
        foreach (int i in at.Values.Where(i => isValue[i]).Order())
        {
            string a = CText.Printable(args[i]), before = CText.Printable(args[i - 1]);
            notes.Add(i, $"'{a}' is read both as the value of {before} and as an option, as the C tool reads it",
                $"ERROR: '{a}' is both the value of {before} and an option");
        }

        var result = new TArgs();
        foreach (var f in Flags)
        {
            if (at.TryGetValue(f, out int i)) f.Apply(result, new FlagValue("-" + f.Name, args[i + 1], notes, i + 1));
        }

        for (int i = 0; i < n; i++)
        {
            if (isFlag[i] || isValue[i]) continue;
            string a = CText.Printable(args[i]);
            if (!CommandLineNotes.LooksLikeOption(args[i]))
            {
                notes.Add(i, $"unexpected argument '{a}' ignored",
                    $"ERROR: unexpected argument '{a}' (options look like -train <file>; run with no arguments for usage)");
                continue;
            }
            // An option C does not look at, and the argument after it when that is not an option (its value).
            string? value = i + 1 < n && !isFlag[i + 1] && !isValue[i + 1] && !CommandLineNotes.LooksLikeOption(args[i + 1])
                ? CText.Printable(args[i + 1]) : null;
            string name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : args[i][1..];
            if (Flags.Any(f => f.Name == name))
            {
                notes.Add(i, $"repeated {a}{(value != null ? $" '{value}'" : "")} ignored; the first one applies",
                    $"ERROR: {a} is given twice");
            }
            else
            {
                notes.Add(i, $"unknown option '{a}'{(value != null ? $" and its value '{value}'" : "")} ignored",
                    $"ERROR: unknown option '{a}' (run with no arguments for usage)");
            }
            if (value != null) i++;
        }
        notes.WriteTo(warnings);
        if (result is IGivenFlags given) given.Given = at.Keys.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
        return result;
    }

    /// <summary>C's ArgPos for every flag: the first argument that is <c>-name</c> (or <c>--name</c>); one that is the
    /// last argument has no value, the error C exits with.</summary>
    private Dictionary<Flag<TArgs>, int> Positions(IReadOnlyList<string> args)
    {
        var at = new Dictionary<Flag<TArgs>, int>();
        foreach (var f in Flags)
        {
            for (int i = 0; i < args.Count; i++)
            {
                string a = args[i];
                if (a.Length < 2 || a[0] != '-' || !a.AsSpan(a[1] == '-' ? 2 : 1).SequenceEqual(f.Name)) continue;
                if (i == args.Count - 1) throw new CliError($"Argument missing for {CText.Printable(a)}");
                at[f] = i;
                break;
            }
        }
        return at;
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

    // ---- strict value parsers, for the options of this tool's own commands (plot, export-tsv: LeadingOptions) ----

    public static int Int(string flag, string value) => Strict(flag, value).Int();

    public static string File(string flag, string value) => Strict(flag, value).File();

    private static FlagValue Strict(string flag, string value) => new("-" + flag, value, new CommandLineNotes(strict: true), 0);
}

/// <summary>
/// A flag's value as the command gives it, read as the C tools read it: numbers with atoi and atof, which stop at
/// the first character that does not belong to the number (<see cref="CNumber"/>). A number followed by other
/// characters (<c>20abc</c>, <c>0.05x</c>, <c>1.5</c> for an integer) is read as C reads it with a warning; a value
/// with no number at all (C's 0), one beyond the type's range (C's wraps) and, for a float, infinity or NaN are
/// errors, as is anything short of a clean number with <c>-strict 1</c>.
/// </summary>
internal sealed class FlagValue(string flag, string text, CommandLineNotes notes, int at)
{
    /// <summary>The flag as written in messages (<c>-size</c>), or the argument's name for a positional one.</summary>
    public string Flag { get; } = flag;

    /// <summary>The value as given.</summary>
    public string Text { get; } = text;

    public int Int()
    {
        int end = CNumber.Integer(Text, out bool negative, out ulong magnitude, out bool overflow);
        if (end < 0) throw Invalid(Flag, Text);
        if (overflow || magnitude > (negative ? 1UL << 31 : int.MaxValue)) throw Invalid(Flag, Text, "out of range");
        int v = negative ? (int)-(long)magnitude : (int)magnitude;
        Trailing(end, v.ToString(CultureInfo.InvariantCulture));
        return v;
    }

    /// <summary>A count where 0 means none (null); a negative one is an error.</summary>
    public int? ZeroIsNone()
    {
        int n = Int();
        if (n < 0) throw new CliError($"ERROR: {Flag} must be 0 or more (got {n})");
        return n == 0 ? null : n;
    }

    public ulong ULong()
    {
        int end = CNumber.Integer(Text, out bool negative, out ulong magnitude, out bool overflow);
        if (end < 0 || (negative && magnitude != 0)) throw Invalid(Flag, Text);
        if (overflow) throw Invalid(Flag, Text, "out of range");
        Trailing(end, magnitude.ToString(CultureInfo.InvariantCulture));
        return magnitude;
    }

    /// <summary>atof's double rounded to float, as C assigns it to a <c>real</c> (not the decimal rounded to float
    /// directly, which differs in rare cases).</summary>
    public float Float()
    {
        int end = CNumber.Floating(Text, out double d);
        if (end < 0) throw Invalid(Flag, Text);
        float v = (float)d;
        if (!float.IsFinite(v)) throw Invalid(Flag, Text, "not a finite number");
        Trailing(end, v.ToString("R", CultureInfo.InvariantCulture));
        return v;
    }

    public string File() => Text.Length > 0 && Text.IndexOf('\0') < 0 ? Text : throw Invalid(Flag, Text);

    /// <summary>What follows the number: blanks are nothing; anything else is ignored, as C ignores it, with a note.</summary>
    private void Trailing(int end, string readAs)
    {
        if (CNumber.OnlySpaceFrom(Text, end)) return;
        string value = CText.Printable(Text);
        notes.Add(at, $"{Flag} '{value}' read as {readAs}", $"ERROR: invalid value '{value}' for {Flag}");
    }

    public static CliError Invalid(string flag, string value, string? why = null) =>
        new($"ERROR: invalid value '{CText.Printable(value)}' for {flag}{(why != null ? $" ({why})" : "")}");
}
