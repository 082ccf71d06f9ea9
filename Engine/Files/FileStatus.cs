using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Word2VecNative;

/// <summary>What <c>statx</c> says about a file: its type, permission bits, owner, link count, and what identifies
/// one version of it (device, inode, size, modification and change times in nanoseconds). Elsewhere than Linux the
/// portable subset: type, permissions, size and modification time.</summary>
internal readonly partial record struct FileStatus(int TypeBits, UnixFileMode Permissions, uint Owner, uint Group, uint Links)
{
    private const int SIfMt = 0xF000, SIfReg = 0x8000, SIfDir = 0x4000, SIfLnk = 0xA000;
    private const int AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7FF;
    private const int Enoent = 2, Enotdir = 20, Eloop = 40;

    /// <summary>The device holding the file (major in the high 32 bits, minor in the low); 0 where unknown.</summary>
    public ulong Device { get; init; }

    /// <summary>The inode number; 0 where unknown.</summary>
    public ulong Inode { get; init; }

    /// <summary>Size in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Last modification, nanoseconds since 1970 (set by any write, or by <c>touch</c>).</summary>
    public long ModifiedNs { get; init; }

    /// <summary>Last status change, nanoseconds since 1970 (set by the system on every write, rename, chmod or
    /// <c>touch</c>; no call sets it to a chosen value); 0 where unknown.</summary>
    public long ChangedNs { get; init; }

    public bool IsRegular => TypeBits == SIfReg;
    public bool IsDirectory => TypeBits == SIfDir;
    public bool IsSymbolicLink => TypeBits == SIfLnk;

    /// <summary>The status of <paramref name="path"/>, or null where nothing is there.</summary>
    public static FileStatus? Of(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux()) return Portable(path, followLinks);
        Span<byte> buf = stackalloc byte[256];
        int rc;
        try
        {
            rc = Statx(AtFdCwd, path, followLinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buf);
        }
        catch (EntryPointNotFoundException)
        {
            return Portable(path, followLinks);
        }
        if (rc != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir) return null;
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
        }
        return Parse(buf);
    }

    /// <summary>The status of an open file, or null where it cannot be read.</summary>
    public static FileStatus? Of(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux()) return null;
        Span<byte> buf = stackalloc byte[256];
        try
        {
            return Statx((int)handle.DangerousGetHandle(), "", AtEmptyPath, StatxBasicStats, buf) == 0 ? Parse(buf) : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>The effective user of this process (0 for root); null elsewhere than Unix.</summary>
    public static uint? EffectiveUser()
    {
        if (OperatingSystem.IsWindows()) return null;
        try
        {
            return GetEuid();
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens the regular file at <paramref name="path"/> for reading without waiting on a FIFO and, unless
    /// <paramref name="followLinks"/>, without following a symbolic link at its last component (Linux:
    /// <c>O_RDONLY | O_NONBLOCK | O_CLOEXEC</c>, with <c>O_NOFOLLOW</c>; elsewhere a look first). Null where nothing
    /// is there; <see cref="NotAFileException"/> where a link (not followed), a directory, a FIFO or anything but a
    /// regular file is; <see cref="UnauthorizedAccessException"/> where reading it is not allowed.
    /// </summary>
    public static SafeFileHandle? OpenRegular(string path, bool followLinks)
    {
        if (!OperatingSystem.IsLinux()) return OpenPortable(path, followLinks);
        const int ONonblock = 0x800, OCloexec = 0x80000;
        int fd;
        try
        {
            fd = Open(path, (followLinks ? 0 : NoFollowFlag()) | ONonblock | OCloexec, 0);
        }
        catch (EntryPointNotFoundException)
        {
            return OpenPortable(path, followLinks);
        }
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno is Enoent or Enotdir) return null;
            if (errno == Eloop) throw new NotAFileException("is a symbolic link");
            if (errno == 13) throw new UnauthorizedAccessException(Marshal.GetPInvokeErrorMessage(errno));
            throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var st = Of(handle);
        if (st is FileStatus s && !s.IsRegular)
        {
            handle.Dispose();
            throw new NotAFileException(s.IsDirectory ? "is a directory" : s.IsSymbolicLink ? "is a symbolic link" : "is not a regular file");
        }
        return handle;
    }

    /// <summary>Linux's O_NOFOLLOW: 0100000 on Arm and PowerPC, 0400000 (the generic value) on the others .NET runs on.</summary>
    private static int NoFollowFlag() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.Arm64 or Architecture.Arm or Architecture.Ppc64le => 0x8000,
        _ => 0x20000,
    };

    private static SafeFileHandle? OpenPortable(string path, bool followLinks)
    {
        var st = Portable(path, followLinks);
        if (st == null) return null;
        if (st.Value.IsSymbolicLink) throw new NotAFileException("is a symbolic link");
        if (!st.Value.IsRegular) throw new NotAFileException(st.Value.IsDirectory ? "is a directory" : "is not a regular file");
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>C's <c>access(path, W_OK)</c>: false where opening the file for writing would be refused.</summary>
    public static bool Writable(string path)
    {
        if (!OperatingSystem.IsLinux()) return true;
        try
        {
            return Access(path, 2) == 0 || Marshal.GetLastPInvokeError() != 13; // EACCES only; other errors surface on open
        }
        catch (EntryPointNotFoundException)
        {
            return true;
        }
    }

    /// <summary><c>fchown</c>; <see cref="uint.MaxValue"/> (-1) leaves the owner or the group as it is.</summary>
    public static bool Chown(SafeFileHandle handle, uint owner, uint group)
    {
        try
        {
            return FChown((int)handle.DangerousGetHandle(), owner, group) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    // struct statx, the same on every architecture: stx_nlink at 16, stx_uid at 20, stx_gid at 24, stx_mode (u16) at
    // 28, stx_ino at 32, stx_size at 40, stx_ctime at 96 and stx_mtime at 112 ({i64 seconds, u32 nanoseconds}),
    // stx_dev_major at 136, stx_dev_minor at 140.
    private static FileStatus Parse(ReadOnlySpan<byte> b)
    {
        uint links = BitConverter.ToUInt32(b[16..]);
        uint uid = BitConverter.ToUInt32(b[20..]);
        uint gid = BitConverter.ToUInt32(b[24..]);
        int mode = BitConverter.ToUInt16(b[28..]);
        return new FileStatus(mode & SIfMt, (UnixFileMode)(mode & 0xFFF), uid, gid, links)
        {
            Inode = BitConverter.ToUInt64(b[32..]),
            Size = BitConverter.ToInt64(b[40..]),
            ChangedNs = Nanoseconds(b[96..]),
            ModifiedNs = Nanoseconds(b[112..]),
            Device = (ulong)BitConverter.ToUInt32(b[136..]) << 32 | BitConverter.ToUInt32(b[140..]),
        };

        static long Nanoseconds(ReadOnlySpan<byte> t) => BitConverter.ToInt64(t) * 1_000_000_000 + BitConverter.ToUInt32(t[8..]);
    }

    private static FileStatus? Portable(string path, bool followLinks)
    {
        var info = new FileInfo(path);
        if (!followLinks && info.LinkTarget != null) return new FileStatus(SIfLnk, 0, 0, 0, 1);
        if (Directory.Exists(path)) return new FileStatus(SIfDir, 0, 0, 0, 1);
        if (!info.Exists) return null;
        var perms = OperatingSystem.IsWindows() ? (UnixFileMode)0x1B6 : info.UnixFileMode;
        return new FileStatus(SIfReg, perms, 0, 0, 1)
        {
            Size = info.Length,
            ModifiedNs = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, Span<byte> buffer);

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);

    [LibraryImport("libc", EntryPoint = "fchown", SetLastError = true)]
    private static partial int FChown(int fd, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}

/// <summary>Something other than a regular file where one was expected; the message completes "PATH ...".</summary>
internal sealed class NotAFileException(string message) : IOException(message);
