using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Word2VecNative;

/// <summary>An error caused by the input or the options (a missing file, a malformed vocabulary, a bad value):
/// its message is one line meant for the user, never a stack trace.</summary>
public sealed class Word2VecException : Exception
{
    /// <summary>An error whose <paramref name="message"/> is the line shown to the user (in the C tool's style, "ERROR: ...").</summary>
    public Word2VecException(string message) : base(message) { }

    /// <summary>An error shown as <paramref name="message"/>, caused by <paramref name="inner"/> (an I/O error, for example).</summary>
    public Word2VecException(string message, Exception inner) : base(message, inner) { }
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
