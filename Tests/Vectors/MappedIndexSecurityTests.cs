using System.Buffers.Binary;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The index of <see cref="WordVectors.OpenMapped"/> as a cache of ours under hostile use: never written or
/// read through a planted link or FIFO, never wider open than the vectors file, never trusted beyond what is checked
/// against the file, and held in memory where it cannot be written.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class MappedIndexSecurityTests
{
    private static string Write(byte[] content) => Scratch.File(content, "vec.bin");

    private static void Sh(string command) => ProcessRunner.RunChecked("sh", ["-c", command], timeoutSeconds: 30);

    private static bool IsRoot => FileStatus.EffectiveUser() == 0;

    [TestCase(true)]
    [TestCase(false)]
    public void PlantedDanglingLink_IsRefusedAndNothingIsCreatedWhereItPoints(bool rebuild)
    {
        string path = Write(MappedVectorsTests.RandomFile(40, 8, seed: 21));
        string target = Path.Combine(Path.GetDirectoryName(path)!, "created-through-the-link");
        File.CreateSymbolicLink(path + WordVectors.IndexExtension, target);
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: rebuild));
        Assert.That(e!.Message, Is.EqualTo($"{path}{WordVectors.IndexExtension} is a symbolic link, not an index file; remove it or choose another index path"));
        Assert.That(File.Exists(target), Is.False, "nothing created where the link points");
        Assert.That(new FileInfo(path + WordVectors.IndexExtension).LinkTarget, Is.EqualTo(target), "the link is left alone");
    }

    [Test]
    public void LinkToAnotherFilesIndex_IsRefusedAndThatIndexIsKept()
    {
        string other = Write(MappedVectorsTests.RandomFile(30, 8, seed: 22));
        using (WordVectors.OpenMapped(other)) { }
        string otherIndex = other + WordVectors.IndexExtension;
        var before = File.ReadAllBytes(otherIndex);
        string path = Write(MappedVectorsTests.RandomFile(50, 8, seed: 23));
        File.CreateSymbolicLink(path + WordVectors.IndexExtension, otherIndex);
        Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path));
        Assert.That(File.ReadAllBytes(otherIndex), Is.EqualTo(before));
        using (var v = WordVectors.OpenMapped(other, rebuildIndex: false)) Assert.That(v.Count, Is.EqualTo(30));
    }

    [Test]
    public void PlantedFifoOrDirectoryAtTheIndexPath_IsRefusedWithoutWaiting()
    {
        string path = Write(MappedVectorsTests.RandomFile(20, 4, seed: 24));
        string index = path + WordVectors.IndexExtension;
        Sh($"mkfifo '{index}'");
        var open = Task.Run(() => Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path))!.Message);
        Assert.That(open.Wait(TimeSpan.FromSeconds(20)), Is.True, "opening waited on a FIFO");
        Assert.That(open.Result, Does.Contain("is not a regular file"));
        File.Delete(index);
        Directory.CreateDirectory(index);
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path));
        Assert.That(e!.Message, Does.Contain($"{index} is a directory"));
    }

    [TestCase(0x180)] // 600
    [TestCase(0x1A0)] // 640
    [TestCase(0x1A4)] // 644
    public void Index_TakesTheVectorsFilesPermissionBits_NeverWider(int mode)
    {
        string path = Write(MappedVectorsTests.RandomFile(20, 4, seed: 25));
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        using (var v = WordVectors.OpenMapped(path)) Assert.That(v.IndexPath, Is.EqualTo(path + WordVectors.IndexExtension));
        Assert.That((int)File.GetUnixFileMode(path + WordVectors.IndexExtension), Is.EqualTo(mode));
        // A wider index left by an older version is not trusted, and replaced.
        File.SetUnixFileMode(path + WordVectors.IndexExtension, (UnixFileMode)0x1B6);
        if (mode != 0x1B6)
        {
            var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
            Assert.That(e!.Message, Does.Contain("is not trusted (others may read or write it who may not read or write the vectors file)"));
        }
        using (WordVectors.OpenMapped(path)) { }
        Assert.That((int)File.GetUnixFileMode(path + WordVectors.IndexExtension), Is.EqualTo(mode));
    }

    [Test]
    public void AsRoot_IndexTakesTheVectorsFilesOwner_AndAnotherUsersIndexIsNotTrusted()
    {
        if (!IsRoot) Assert.Ignore("needs root: it gives files to another user");
        string path = Write(MappedVectorsTests.RandomFile(20, 4, seed: 26));
        Sh($"chown 65534:65534 '{path}'");
        using (WordVectors.OpenMapped(path)) { }
        string index = path + WordVectors.IndexExtension;
        var st = FileStatus.Of(index, followLinks: false)!.Value;
        Assert.That((st.Owner, st.Group), Is.EqualTo((65534u, 65534u)));

        // An index of a third user (here: one the test makes) is not trusted: refused, or replaced.
        Sh($"chown 0:0 '{path}' && chown 12345 '{index}'");
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Does.Contain("is not trusted (it belongs to user 12345"));
        using (WordVectors.OpenMapped(path)) { }
        Assert.That(FileStatus.Of(index, followLinks: false)!.Value.Owner, Is.EqualTo(0u));

        // A group of its own that may read it, where the vectors file lets only its own group read: not trusted.
        File.SetUnixFileMode(path, (UnixFileMode)0x1A0); // 640
        using (WordVectors.OpenMapped(path)) { }
        Sh($"chgrp 12345 '{index}'");
        e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Does.Contain("is not trusted (others may read or write it who may not read or write the vectors file)"));
        using (WordVectors.OpenMapped(path)) { }
        st = FileStatus.Of(index, followLinks: false)!.Value;
        Assert.That((st.Group, (int)st.Permissions), Is.EqualTo((0u, 0x1A0)));
    }

    /// <summary>An index rewritten so that two words trade rows, with every checksum recomputed: the words it hands out
    /// are checked against the file, so the relabelling is one error, not a wrong answer.</summary>
    [Test]
    public void RewrittenIndexWithValidChecksums_CannotRelabelRows()
    {
        string path = Write(MappedVectorsTests.RandomFile(64, 8, seed: 27));
        string index = path + WordVectors.IndexExtension;
        using (WordVectors.OpenMapped(path)) { }
        var b = File.ReadAllBytes(index);
        int Int(int at) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(at));
        long Long(long at) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan((int)at));
        long wordOffsets = Long(104), table = Long(112), pool = Long(120);
        int slots = Int(72);
        // Rows 30 and 31 ("w30", "w31"), outside the 16 rows sampled on open: swap their words and their table slots.
        long a = pool + Long(wordOffsets + 8 * 30), c = pool + Long(wordOffsets + 8 * 31);
        (b[a + 2], b[c + 2]) = (b[c + 2], b[a + 2]);
        int SlotOf(string w, int row)
        {
            int s = (int)(WordHash.Compute(Encoding.ASCII.GetBytes(w)) & (uint)(slots - 1));
            while (Int((int)table + 4 * s) != row) s = (s + 1) & (slots - 1);
            return (int)table + 4 * s;
        }
        int s30 = SlotOf("w30", 30), s31 = SlotOf("w31", 31);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(s30), 31);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(s31), 30);
        MappedVectorsFuzzTests.RecomputeChecksums(b);
        File.WriteAllBytes(index, b);

        using var v = WordVectors.OpenMapped(path, rebuildIndex: false);
        var lookup = Assert.Throws<Word2VecException>(() => v.Vector("w30"));
        Assert.That(lookup!.Message, Is.EqualTo($"the index {index} does not match {path} (word 32); delete it to have it written again"));
        Assert.Throws<Word2VecException>(() => v.Word(30));
        Assert.Throws<Word2VecException>(() => v.MostSimilar("w31", 63));
        Assert.That(v.Word(29), Is.EqualTo("w29"), "the words the file confirms still answer");
    }

    /// <summary>An index that moves a row's start so that a word's suffix ("10" in "w10") passes for a word of its own,
    /// with every checksum recomputed: in a file whose rows end with a line break, a row must end at one, so the
    /// shifted word is refused.</summary>
    [Test]
    public void RewrittenIndexWithValidChecksums_CannotPassASuffixOffAsAWord()
    {
        string path = Write(MappedVectorsTests.RandomFile(64, 8, seed: 31));
        string index = path + WordVectors.IndexExtension;
        using (WordVectors.OpenMapped(path)) { }
        var b = File.ReadAllBytes(index);
        int Int(long at) => BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan((int)at));
        long Long(long at) => BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan((int)at));
        long rowOffsets = Long(96), wordOffsets = Long(104), table = Long(112);
        int slots = Int(72);
        // Rows 9 and 10, outside the 16 rows sampled on open: row 9 starts two bytes later (it then ends after "\nw"),
        // word 10 loses its "w" to word 9, and the table finds "10" at row 10.
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan((int)(rowOffsets + 8 * 9)), Long(rowOffsets + 8 * 9) + 2);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan((int)(wordOffsets + 8 * 10)), Long(wordOffsets + 8 * 10) + 1);
        int slot = (int)(WordHash.Compute("10"u8) & (uint)(slots - 1));
        while (Int(table + 4 * slot) >= 0) slot = (slot + 1) & (slots - 1);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan((int)table + 4 * slot), 10);
        MappedVectorsFuzzTests.RecomputeChecksums(b);
        File.WriteAllBytes(index, b);

        using var v = WordVectors.OpenMapped(path, rebuildIndex: false);
        var e = Assert.Throws<Word2VecException>(() => v.Vector("10"));
        Assert.That(e!.Message, Does.EndWith("(word 11); delete it to have it written again"));
        Assert.That(v.Word(11), Is.EqualTo("w11"));
    }

    /// <summary>A vectors file edited in place with its size kept and its modification time put back (<c>touch -r</c>):
    /// the change time gives it away, wherever the edit lies.</summary>
    [Test]
    public void FileEditedInPlaceWithItsTimeRestored_MakesTheIndexStale()
    {
        var content = MappedVectorsTests.RandomFile(20_000, 64, seed: 28);
        string path = Write(content);
        using (WordVectors.OpenMapped(path)) { }
        Sh($"touch -r '{path}' '{path}.time'");
        // A byte in a row between two of the sampled blocks (at length * k / 33).
        long at = content.Length / 33 + 4096 + 1000;
        Thread.Sleep(20);
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.Position = at;
            f.WriteByte((byte)(content[at] ^ 0x40));
        }
        Sh($"touch -r '{path}.time' '{path}'");
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(path, rebuildIndex: false));
        Assert.That(e!.Message, Does.Contain("(its device, inode or change time differs)"));
        using var v = WordVectors.OpenMapped(path);
        var loaded = WordVectors.Load(path);
        for (int i = 0; i < v.Count; i++)
            if (!v.Vector(i).SequenceEqual(loaded.Vector(i))) Assert.Fail($"row {i} differs from the file");
    }

    [Test]
    public void IndexPathInADirectoryThatRefusesFiles_IsHeldInMemory()
    {
        string path = Write(MappedVectorsTests.RandomFile(300, 16, seed: 29));
        using var v = WordVectors.OpenMapped(path, indexPath: "/sys/vec.bin.w2vindex");
        Assert.That(v.IndexPath, Is.Null);
        Assert.That(MappedVectorsTests.QueryAnswers(v), Is.EqualTo(MappedVectorsTests.QueryAnswers(WordVectors.Load(path))));
    }

    [Test]
    public void ReadOnlyDirectory_IndexIsHeldInMemory_AndNothingIsLeftThere()
    {
        string path = Write(MappedVectorsTests.RandomFile(300, 16, seed: 30));
        string dir = Path.GetDirectoryName(path)!;
        // Root writes through a directory's mode bits; the immutable attribute stops root too.
        Sh(IsRoot ? $"chattr +i '{dir}'" : $"chmod 555 '{dir}'");
        try
        {
            using (var v = WordVectors.OpenMapped(path))
            {
                Assert.That(v.IndexPath, Is.Null);
                Assert.That(MappedVectorsTests.QueryAnswers(v), Is.EqualTo(MappedVectorsTests.QueryAnswers(WordVectors.Load(path))));
            }
            using (WordVectors.OpenMapped(path, rebuildIndex: false)) { }
            Assert.That(Directory.GetFileSystemEntries(dir), Is.EqualTo(new[] { path }));
        }
        finally
        {
            Sh(IsRoot ? $"chattr -i '{dir}'" : $"chmod 755 '{dir}'");
        }
    }

    [Test]
    public void FifoOrDirectoryAsTheVectorsFile_IsOneClearError()
    {
        string dir = Path.GetDirectoryName(Write([1]))!;
        string fifo = Path.Combine(dir, "fifo.bin");
        Sh($"mkfifo '{fifo}'");
        var open = Task.Run(() => Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(fifo))!.Message);
        Assert.That(open.Wait(TimeSpan.FromSeconds(20)), Is.True, "opening waited on a FIFO");
        Assert.That(open.Result, Is.EqualTo($"vectors file {fifo} is not a regular file; memory mapping needs one (load a pipe or device with WordVectors.Load)"));
        var e = Assert.Throws<Word2VecException>(() => WordVectors.OpenMapped(dir));
        Assert.That(e!.Message, Is.EqualTo($"vectors file {dir} is a directory"));
    }
}
