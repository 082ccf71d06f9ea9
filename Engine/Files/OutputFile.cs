using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Word2VecNative;

/// <summary>
/// Writes an output file the way users of the C tool expect, without leaving a half-written file behind:
/// <list type="bullet">
/// <item>A regular file (new, or reached through symbolic links) is replaced atomically: the bytes go to a
/// temporary sibling with an unpredictable name, created exclusively (it never opens a file or link planted at
/// that name), which takes the old file's permission bits (and owner, where the process may set it) and is then
/// renamed over the target. A symbolic link stays a link; its target gets the new content.</item>
/// <item>Anything that is not a regular file (a device such as <c>/dev/null</c>, a FIFO, a socket,
/// <c>/dev/stdout</c> or another link through <c>/dev</c> or <c>/proc</c>), and a regular file with more
/// than one hard link, is written through, as C's <c>fopen(path, "wb")</c> does: it is never replaced.</item>
/// </list>
/// A failure or a cancellation removes the temporary file; the old output, if any, stays whole.
/// </summary>
internal static partial class OutputFile
{
    private const int BufferSize = 1 << 16;
    internal const int MaxLinkHops = 40;

    /// <summary>How a path is written.</summary>
    internal enum Strategy
    {
        /// <summary>Through a temporary sibling renamed over <see cref="Plan.Path"/>.</summary>
        Replace,
        /// <summary>Opened and truncated in place (C's fopen "wb").</summary>
        WriteThrough,
    }

    /// <summary>The decision for one path: the strategy, the file it applies to (the final target of any
    /// symbolic links, for <see cref="Strategy.Replace"/>), and what the existing file was.</summary>
    internal readonly record struct Plan(Strategy Strategy, string Path, FileStatus? Existing);

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>; errors become a one-line
    /// <see cref="Word2VecException"/>. <paramref name="cancellationToken"/> is checked on every write the
    /// callback makes, so a long write stops promptly and leaves nothing behind.</summary>
    public static void Write(string path, Action<Stream> write, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        try
        {
            var plan = Decide(path);
            if (plan.Strategy == Strategy.WriteThrough) WriteThrough(plan.Path, write, cancellationToken);
            else Replace(plan.Path, plan.Existing, write, cancellationToken, TempName(plan.Path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Word2VecException($"cannot write {path}: {e.Message}", e);
        }
    }

    /// <summary>Decides how <paramref name="path"/> is written: follows symbolic links to the final target and
    /// looks at what is there.</summary>
    internal static Plan Decide(string path)
    {
        string current = System.IO.Path.GetFullPath(path);
        for (int hop = 0; hop < MaxLinkHops; hop++)
        {
            var st = FileStatus.Of(current, followLinks: false);
            if (st == null) return new Plan(Strategy.Replace, current, null);
            var s = st.Value;
            if (s.IsSymbolicLink)
            {
                // /dev/stdout, /dev/fd/N, /proc/self/fd/N: links whose target is an open file of the process.
                if (IsUnder(current, "/dev/") || IsUnder(current, "/proc/")) return new Plan(Strategy.WriteThrough, current, s);
                string? target = new FileInfo(current).LinkTarget;
                if (string.IsNullOrEmpty(target)) return new Plan(Strategy.WriteThrough, current, s);
                current = System.IO.Path.GetFullPath(target, System.IO.Path.GetDirectoryName(current) ?? "/");
                continue;
            }
            if (s.IsDirectory) throw new Word2VecException($"cannot write {path}: it is a directory");
            if (s.IsRegular && !FileStatus.Writable(current)) throw new Word2VecException($"cannot write {path}: permission denied");
            if (s.IsRegular && s.Links <= 1) return new Plan(Strategy.Replace, current, s);
            return new Plan(Strategy.WriteThrough, current, s);
        }
        throw new Word2VecException($"cannot write {path}: too many levels of symbolic links");
    }

    internal static bool IsUnder(string path, string dir) => path.StartsWith(dir, StringComparison.Ordinal);

    /// <summary>A sibling name nobody can guess: 128 random bits.</summary>
    internal static string TempName(string target)
    {
        string dir = System.IO.Path.GetDirectoryName(target) ?? ".";
        string name = System.IO.Path.GetFileName(target);
        if (name.Length > 200) name = name[..200];
        return System.IO.Path.Combine(dir, "." + name + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + ".tmp");
    }

    /// <summary>The atomic replacement, with the temporary name given (tests plant things there).</summary>
    internal static void Replace(string target, FileStatus? existing, Action<Stream> write, CancellationToken cancellationToken, string tmp)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_CREAT | O_EXCL: never opens what is already there, link or file
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
        };
        if (existing is FileStatus old && !OperatingSystem.IsWindows()) options.UnixCreateMode = old.Permissions & (UnixFileMode)0x1FF;
        FileStream fs;
        try
        {
            fs = new FileStream(tmp, options);
        }
        catch (UnauthorizedAccessException) when (existing != null)
        {
            // The directory is closed to us but the file itself may be writable: C would write it in place.
            WriteThrough(target, write, cancellationToken);
            return;
        }
        bool done = false;
        try
        {
            using (fs)
            {
                using (var guarded = new CancellableStream(fs, cancellationToken))
                using (var buffered = new BufferedStream(guarded, BufferSize))
                {
                    write(buffered);
                    buffered.Flush();
                }
                cancellationToken.ThrowIfCancellationRequested();
                if (existing is FileStatus previous) KeepOwnerAndMode(fs, previous);
            }
            File.Move(tmp, target, overwrite: true);
            done = true;
        }
        finally
        {
            if (!done) TryDelete(tmp);
        }
    }

    private static void WriteThrough(string path, Action<Stream> write, CancellationToken cancellationToken)
    {
        // FileMode.Create is C's "wb": O_CREAT | O_TRUNC, following links. No lock: a terminal or a pipe is shared.
        using var fs = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.ReadWrite, BufferSize = 0 });
        using var guarded = new CancellableStream(fs, cancellationToken);
        using var buffered = new BufferedStream(guarded, BufferSize);
        write(buffered);
        buffered.Flush();
    }

    private static void KeepOwnerAndMode(FileStream fs, FileStatus old)
    {
        if (OperatingSystem.IsWindows()) return;
        if (OperatingSystem.IsLinux())
        {
            var now = FileStatus.Of(fs.SafeFileHandle);
            // Only root (or the owner, for a group it belongs to) may do this; otherwise the file is ours, as C's would be.
            if (now is FileStatus n && (n.Owner != old.Owner || n.Group != old.Group)) _ = FileStatus.Chown(fs.SafeFileHandle, old.Owner, old.Group);
        }
        File.SetUnixFileMode(fs.SafeFileHandle, old.Permissions);
    }

    private static void TryDelete(string p)
    {
        try { File.Delete(p); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Checks a cancellation token before every write, so a long output stops at the next buffer.</summary>
    private sealed class CancellableStream(Stream inner, CancellationToken token) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            token.ThrowIfCancellationRequested();
            inner.Write(buffer);
        }
    }
}
