using System.Text;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>A folder of its own for a test or a fixture, under the system's temporary folder or a given one, deleted
/// with what is in it on dispose (the tests and the parity tests, which link this file).</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "w2v-", string? parent = null)
    {
        Path = System.IO.Path.Combine(parent ?? System.IO.Path.GetTempPath(), prefix + Unique());
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A short name no other test picks: a run's outputs, a folder of its own.</summary>
    public static string Unique() => Guid.NewGuid().ToString("N")[..12];

    /// <summary>The path of <paramref name="names"/> (a file, or folders and a file) in the folder.</summary>
    public string File(params string[] names) => System.IO.Path.Combine([Path, .. names]);

    /// <summary>A path in the folder that no other call gives: <paramref name="tag"/>, a unique part, <paramref name="extension"/>.</summary>
    public string UniqueFile(string tag, string extension = "") => File(tag + "-" + Unique() + extension);

    public string Write(string name, byte[] content)
    {
        string p = File(name);
        System.IO.File.WriteAllBytes(p, content);
        return p;
    }

    public string Write(string name, string content) => Write(name, Encoding.UTF8.GetBytes(content));

    public void Dispose()
    {
        try { Directory.Delete(Path, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
