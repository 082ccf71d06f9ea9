using System.Text;

namespace Word2VecNative.Cli;

/// <summary>C library behaviours the companion commands need (printf's %Ns), and how arguments are shown in errors.</summary>
internal static class CText
{
    /// <summary>printf("%Ns", word): the word right-aligned in <paramref name="width"/> bytes.</summary>
    public static string PadLeft(ReadOnlySpan<byte> word, int width)
    {
        string s = Encoding.UTF8.GetString(word);
        return word.Length >= width ? s : new string(' ', width - word.Length) + s;
    }

    /// <summary>An argument as an error message shows it: control characters escaped, at most 80 characters.</summary>
    public static string Printable(string s) => s.Length > 80 ? Escape(s[..80]) + "..." : Escape(s);

    /// <summary>Control characters (a newline, an escape sequence) written as <c>\xNN</c>, so that a message stays one
    /// line and cannot drive the terminal.</summary>
    public static string Escape(string s)
    {
        if (!s.Any(char.IsControl)) return s;
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in s)
        {
            if (char.IsControl(c)) sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            else sb.Append(c);
        }
        return sb.ToString();
    }
}

/// <summary>A user error: printed as one line, exit code 1.</summary>
internal sealed class CliError(string message) : Exception(message);
