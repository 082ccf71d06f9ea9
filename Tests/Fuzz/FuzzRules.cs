namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// The rule every fuzz case is held to: bad input gets exactly one clear error (a <see cref="Word2VecException"/>
/// whose message is one short printable line in the library; exit code 1 and that one line on standard error in
/// the command line), never another exception, a hang or an allocation out of proportion to the input.
/// </summary>
internal static class FuzzRules
{
    /// <summary>Longest accepted message, beyond the file name it may quote.</summary>
    public const int MaxMessageLength = 400;

    /// <summary>How long one case may take before it counts as a hang.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(20);

    /// <summary>What is wrong with an error message, or null: it must be one line (a command's line starting with "ERROR",
    /// with <paramref name="commandLine"/>; a library's message is not empty) and hold no
    /// control or invisible formatting character, no U+FFFD (a raw invalid byte) and no more than <see cref="MaxMessageLength"/>
    /// characters beside <paramref name="name"/>.</summary>
    public static string? MessageProblem(string message, string name = "", bool commandLine = false)
    {
        if (commandLine && !message.StartsWith("ERROR", StringComparison.Ordinal)) return $"message does not start with ERROR: '{Show(message)}'";
        if (message.Length == 0) return "empty message";
        if (message.Any(Hidden)) return $"message holds a raw control character, invisible character or invalid byte: '{Show(message)}'";
        if (message.Length > MaxMessageLength + name.Length) return $"message of {message.Length} characters: '{Show(message)}'";
        return null;
    }

    /// <summary>What is wrong with a command's result, or null: exit 0 with nothing on standard error, or exit 1 with
    /// exactly one line there that follows <see cref="MessageProblem"/>.</summary>
    public static string? CliProblem(OurCli.Result r, string name = "")
    {
        if (r.Code == 0) return r.Stderr.Length == 0 ? null : $"exit 0 with standard error '{Show(r.Stderr)}'";
        if (r.Code != 1) return $"exit code {r.Code}, standard error '{Show(r.Stderr)}'";
        if (!r.Stderr.EndsWith('\n') || r.Stderr.IndexOf('\n') != r.Stderr.Length - 1) return $"exit 1 without exactly one line on standard error: '{Show(r.Stderr)}'";
        return MessageProblem(r.Stderr[..^1], name, commandLine: true);
    }

    /// <summary>Runs <paramref name="check"/> on a pool thread with <see cref="CaseTimeout"/>; its result, or what
    /// went wrong (a hang, or an exception the check did not expect).</summary>
    public static string? WithTimeout(Func<string?> check)
    {
        var task = Task.Run(check);
        try
        {
            if (!task.Wait(CaseTimeout)) return $"did not finish in {CaseTimeout.TotalSeconds} s";
            return task.Result;
        }
        catch (AggregateException e)
        {
            var inner = e.InnerException!;
            return $"{inner.GetType().Name}: {inner.Message}\n{inner.StackTrace}";
        }
    }

    private static bool Hidden(char c) => char.IsControl(c) || c == '\uFFFD' || char.GetUnicodeCategory(c) is
        System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;

    public static string Show(string s)
    {
        string shown = string.Concat(s.Take(300).Select(c => Hidden(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        return s.Length > 300 ? shown + "..." : shown;
    }
}
