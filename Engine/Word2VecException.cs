using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Word2VecNative;

/// <summary>An error caused by the input or the options (a missing file, a malformed vocabulary, a bad value):
/// its message is one line meant for the user, never a stack trace.</summary>
public sealed class Word2VecException : Exception
{
    public Word2VecException(string message) : base(message) { }
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
