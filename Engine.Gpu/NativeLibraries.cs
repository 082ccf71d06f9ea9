using System.Runtime.InteropServices;

namespace Word2VecNative.Gpu;

/// <summary>Loads a native library by trying sonames in order, and resolves its exports; nothing is loaded
/// until a backend is first used, so a machine without a driver only sees a clear error from that backend.</summary>
internal static class NativeLibraries
{
    /// <summary>The first of <paramref name="names"/> that loads, or zero.</summary>
    public static nint TryLoad(IEnumerable<string> names, out string? loaded)
    {
        foreach (string name in names)
        {
            if (NativeLibrary.TryLoad(name, out nint handle))
            {
                loaded = name;
                return handle;
            }
        }
        loaded = null;
        return 0;
    }

    /// <summary>The address of <paramref name="symbol"/>, or a <see cref="Word2VecException"/> naming it.</summary>
    public static nint Export(nint library, string libraryName, string symbol)
    {
        if (NativeLibrary.TryGetExport(library, symbol, out nint address)) return address;
        throw new Word2VecException($"ERROR: {libraryName} has no function {symbol}; the driver is too old or not a {libraryName} implementation");
    }

    /// <summary>Reads a NUL-terminated byte string (UTF-8) from a fixed buffer.</summary>
    public static string FromBytes(ReadOnlySpan<byte> bytes)
    {
        int n = bytes.IndexOf((byte)0);
        return System.Text.Encoding.UTF8.GetString(n < 0 ? bytes : bytes[..n]).Trim();
    }

    /// <summary>A NUL-terminated UTF-8 copy of <paramref name="s"/>.</summary>
    public static byte[] ToBytes(string s)
    {
        var b = new byte[System.Text.Encoding.UTF8.GetByteCount(s) + 1];
        System.Text.Encoding.UTF8.GetBytes(s, b);
        return b;
    }
}
