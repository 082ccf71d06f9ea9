namespace Word2VecNative.Cli;

/// <summary>
/// The options of this tool's own commands (plot, export-tsv), which have no C counterpart to follow and are read
/// strictly: <c>-name value</c> pairs before the other arguments, each name at most once. An unknown option, a name
/// given twice or a name without its value is an error.
/// </summary>
internal static class LeadingOptions
{
    /// <summary>Reads the options of <paramref name="command"/> at the start of <paramref name="args"/> (their names,
    /// without the dash, are <paramref name="names"/>); returns the values given, by name, and the arguments after them (<c>After</c>).</summary>
    public static (Dictionary<string, string> Values, string[] After) Read(string[] args, string command, params string[] names)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        int i = 0;
        while (i < args.Length && args[i].StartsWith('-'))
        {
            string flag = args[i];
            if (i + 1 >= args.Length) throw new CliError($"Argument missing for {CText.Printable(flag)}");
            if (!names.Contains(flag[1..], StringComparer.Ordinal))
                throw new CliError($"ERROR: unknown option '{CText.Printable(flag)}' for {command} (run 'word2vec {command}' for usage)");
            if (!values.TryAdd(flag[1..], args[i + 1])) throw new CliError($"ERROR: {CText.Printable(flag)} is given twice");
            i += 2;
        }
        return (values, args[i..]);
    }
}
