namespace Word2VecNative.Tests.Infrastructure;

/// <summary>This run's scratch folder, removed at the end of the run by <see cref="TestsSetUp"/>, and folders of their
/// own in it: for files made once and shared (fixtures), and for files a test may leave to the end of the run.</summary>
internal static class Scratch
{
    public static readonly string Root = Path.Combine(Path.GetTempPath(), "w2v-tests-" + Environment.ProcessId);

    /// <summary>A new, empty folder of its own.</summary>
    public static string NewFolder() => Directory.CreateDirectory(Path.Combine(Root, TempDir.Unique())).FullName;

    /// <summary><paramref name="content"/> as <paramref name="name"/> in a new folder of its own; its path.</summary>
    public static string File(byte[] content, string name = "vec.bin")
    {
        string p = Path.Combine(NewFolder(), name);
        System.IO.File.WriteAllBytes(p, content);
        return p;
    }
}
