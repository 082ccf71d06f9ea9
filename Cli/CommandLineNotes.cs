namespace Word2VecNative.Cli;

/// <summary>
/// What a command line holds that the C tools ignore or read loosely: an unknown option, a stray argument, a flag
/// given twice, a number with characters after it. By default each is a warning on standard error and the run goes
/// on as the C tool's would; with <c>-strict 1</c> each is an error. Warnings are written in the order of the
/// arguments, once the whole command line has been read, so a command line refused is one error line only.
/// </summary>
internal sealed class CommandLineNotes(bool strict)
{
    /// <summary>The flag that turns the notes into errors, in every command that reads the C tools' arguments.</summary>
    public const string StrictFlag = "strict";

    private readonly List<(int At, string Text)> _warnings = [];

    /// <summary>True when every note is an error (<c>-strict 1</c>).</summary>
    public bool Strict { get; } = strict;

    /// <summary>Notes about argument <paramref name="at"/>: the warning (after "WARNING: ") when not strict, otherwise
    /// <paramref name="error"/> is thrown.</summary>
    public void Add(int at, string warning, string error)
    {
        if (Strict) throw new CliError(error);
        _warnings.Add((at, "WARNING: " + warning));
    }

    /// <summary>Writes the warnings, one line each, in the order of the arguments they are about.</summary>
    public void WriteTo(TextWriter? w)
    {
        if (w == null) return;
        foreach (var (_, text) in _warnings.OrderBy(n => n.At)) w.WriteLine(CText.Escape(text));
    }

    /// <summary>True when <paramref name="a"/> is written as an option: a dash and a name (<c>-foo</c>, <c>--foo</c>), not
    /// a negative number, a lone dash or <c>--</c>.</summary>
    public static bool LooksLikeOption(string a) =>
        a.Length >= 2 && a[0] == '-' && a != "--" && !char.IsAsciiDigit(a[1]) && a[1] != '.';

    /// <summary>The value of <c>-strict</c> at <paramref name="at"/> (a flag and its value): 0 or 1, nothing else.</summary>
    public static bool ReadStrict(IReadOnlyList<string> args, int at)
    {
        if (at == args.Count - 1) throw new CliError($"Argument missing for {CText.Printable(args[at])}");
        return new FlagValue("-" + StrictFlag, args[at + 1], new CommandLineNotes(strict: true), at + 1).Int() switch
        {
            0 => false,
            1 => true,
            _ => throw FlagValue.Invalid("-" + StrictFlag, args[at + 1], "0 or 1"),
        };
    }

    /// <summary>
    /// The arguments of a program that takes them by position (distance <c>FILE</c>, compute-accuracy <c>FILE
    /// threshold</c>): the C program reads its first <paramref name="count"/> and ignores the rest, and so does this
    /// one, with a warning for each. <c>-strict 1</c> after the file makes them errors (before it, where C would take
    /// it for the file, it is an error); as C reads it, <c>-strict</c> in place of an optional positional argument
    /// leaves that argument out (atoi("-strict") is 0, its default). Returns the positional arguments given (at most
    /// <paramref name="count"/>) and the notes, to which reading their values may add.
    /// </summary>
    public static (string[] Positional, CommandLineNotes Notes) Positional(string[] args, int count, string usage)
    {
        // C would take it for the file and fail to open it; said plainly here rather than after a warning for each argument.
        if (args.Length > 0 && args[0] is "-" + StrictFlag or "--" + StrictFlag)
            throw new CliError($"ERROR: {CText.Printable(args[0])} goes after the file ({usage})");
        int strictAt = -1;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] is "-" + StrictFlag or "--" + StrictFlag)
            {
                strictAt = i;
                break;
            }
        }
        var notes = new CommandLineNotes(strictAt >= 0 && ReadStrict(args, strictAt));
        int given = Math.Min(count, strictAt >= 0 ? strictAt : args.Length);
        for (int i = given; i < args.Length; i++)
        {
            if (i == strictAt || i == strictAt + 1) continue;
            string a = CText.Printable(args[i]);
            notes.Add(i, $"extra argument '{a}' ignored ({usage})", $"ERROR: unexpected argument '{a}' ({usage})");
        }
        return (args[..given], notes);
    }
}
