using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Word2VecNative;

/// <summary>An error caused by the input (a malformed vocabulary or model file, a corpus with nothing to train, a
/// setting a saved model cannot change): its message is one line meant for the user, never a stack trace, without the
/// C tool's "ERROR: " (the command adds it when it prints the line). Invalid options are
/// <see cref="ArgumentException"/>s, missing files <see cref="FileNotFoundException"/>s.</summary>
public sealed class Word2VecException : Exception
{
    /// <summary>The C tool's prefix of an error line, which the command prints before the message.</summary>
    private const string CPrefix = "ERROR: ";

    /// <summary>An error whose <paramref name="message"/> is the line shown to the user. A message written in the C tool's
    /// style ("ERROR: ...") is kept without that prefix.</summary>
    public Word2VecException(string message) : base(WithoutPrefix(message)) { }

    /// <summary>An error shown as <paramref name="message"/>, caused by <paramref name="inner"/> (an I/O error, for example).</summary>
    public Word2VecException(string message, Exception inner) : base(WithoutPrefix(message), inner) { }

    private static string WithoutPrefix(string message) =>
        message != null && message.StartsWith(CPrefix, StringComparison.Ordinal) ? message[CPrefix.Length..] : message!;
}

/// <summary>Throw helpers kept out of hot methods so those stay small.</summary>
[StackTraceHidden]
internal static class Throw
{
    [DoesNotReturn]
    public static void Input(string message) => throw new Word2VecException(message);

    [DoesNotReturn]
    public static void Argument(string name, string message) => throw new ArgumentException(message, name);

    [DoesNotReturn]
    public static T Input<T>(string message) => throw new Word2VecException(message);
}
