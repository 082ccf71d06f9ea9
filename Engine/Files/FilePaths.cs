namespace Word2VecNative;

/// <summary>Questions about the files a command line names.</summary>
internal static class FilePaths
{
    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> name the same regular file, or the same place where one
    /// would be created: symbolic links are followed, an existing file is known by its device and inode (so a hard
    /// link or another spelling of the path is the same file), a missing one by its folder's device and inode and its
    /// name. A device, FIFO or socket, and anything under <c>/dev</c> or <c>/proc</c> (<c>/dev/null</c>,
    /// <c>/dev/stdout</c>), is never the same file as anything: writing it twice loses nothing.
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        ArgumentException.ThrowIfNullOrEmpty(a);
        ArgumentException.ThrowIfNullOrEmpty(b);
        var x = Identify(a);
        var y = Identify(b);
        return x != null && x == y;
    }

    /// <summary>What a path names: an existing regular file's device and inode (or, where they are unknown, its final
    /// full path), a missing file's folder and name; null for anything that is not a regular file.</summary>
    private static string? Identify(string path)
    {
        string current = Path.GetFullPath(path);
        for (int hop = 0; hop < OutputFile.MaxLinkHops; hop++)
        {
            if (OutputFile.IsUnder(current, "/dev/") || OutputFile.IsUnder(current, "/proc/")) return null;
            FileStatus? st;
            try
            {
                st = FileStatus.Of(current, followLinks: false);
            }
            catch (IOException)
            {
                return null; // unreadable: the open that follows reports it
            }
            if (st is not FileStatus s)
            {
                string? dir = Path.GetDirectoryName(current);
                string? folder = dir == null ? null : Identify(dir);
                return "missing " + (folder ?? dir) + "\0" + Path.GetFileName(current);
            }
            if (s.IsSymbolicLink)
            {
                string? target = new FileInfo(current).LinkTarget;
                if (string.IsNullOrEmpty(target)) return null;
                current = Path.GetFullPath(target, Path.GetDirectoryName(current) ?? "/");
                continue;
            }
            if (!s.IsRegular && !s.IsDirectory) return null;
            return s.Inode != 0 ? $"{s.Device}:{s.Inode}" : current;
        }
        return null;
    }
}
