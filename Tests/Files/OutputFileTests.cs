using System.IO.Pipes;
using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Files;

/// <summary>Output paths: regular files are replaced atomically through an exclusive, unguessable temporary name,
/// keeping mode, owner and links; devices, FIFOs and /dev/stdout are written through as C writes them.</summary>
[NonParallelizable]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OutputFileTests : FolderTests
{
    [SetUp]
    public void SetUp()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("Linux file types and modes");
    }

    private static void WriteText(string path, string text) =>
        OutputFile.Write(path, s => s.Write(Encoding.ASCII.GetBytes(text)));

    private string[] Leftovers() => Directory.GetFiles(Dir.Path, "*.tmp", SearchOption.AllDirectories);

    private static bool IsRoot => Environment.UserName == "root";

    private static void Sh(string command) => ProcessRunner.RunChecked("sh", ["-c", command], timeoutSeconds: 30);

    [TestCase("/dev/null")]
    [TestCase("/dev/stdout")]
    [TestCase("/dev/stderr")]
    [TestCase("/dev/zero")]
    public void OutputFile_Decide_DevicesAndStandardStreamsAreWrittenThrough(string path) =>
        Assert.That(OutputFile.Decide(path).Strategy, Is.EqualTo(OutputFile.Strategy.WriteThrough));

    [Test]
    public void OutputFile_Write_CharacterDeviceStaysADevice()
    {
        // A private copy of /dev/null (major 1, minor 3), so that a regression replaces nothing of the system's.
        string dev = Dir.File("null");
        if (ProcessRunner.Run("mknod", [dev, "c", "1", "3"], timeoutSeconds: 10).ExitCode != 0)
        {
            Assert.That(OutputFile.Decide("/dev/null").Strategy, Is.EqualTo(OutputFile.Strategy.WriteThrough));
            Assert.Ignore("mknod is not permitted here (not root); the decision for /dev/null is checked instead");
        }
        WriteText(dev, "vectors\n");
        Assert.That(FileStatus.Of(dev, followLinks: false)!.Value.TypeBits, Is.EqualTo(0x2000), "still a character device");
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void OutputFile_Write_FifoAndLinkToFifoAreWrittenThrough()
    {
        string fifo = Dir.File("pipe");
        Sh($"mkfifo '{fifo}'");
        string link = Dir.File("link-to-pipe");
        File.CreateSymbolicLink(link, fifo);
        foreach (var target in new[] { fifo, link })
        {
            var reader = Task.Run(() => File.ReadAllText(fifo));
            WriteText(target, "through the pipe\n");
            Assert.That(reader.Wait(TimeSpan.FromSeconds(20)), Is.True, "the reader got the end of the data");
            Assert.That(reader.Result, Is.EqualTo("through the pipe\n"));
            Assert.That(FileStatus.Of(fifo, followLinks: false)!.Value.TypeBits, Is.EqualTo(0x1000), "still a FIFO");
        }
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo(fifo), "the link is kept");
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void OutputFile_Write_LinkToAnOpenDescriptorIsWrittenThrough()
    {
        // What -output /dev/stdout is: a link to /proc/self/fd/1, here to a pipe this test reads.
        using var server = new AnonymousPipeServerStream(PipeDirection.In);
        string fd = server.ClientSafePipeHandle.DangerousGetHandle().ToString();
        string link = Dir.File("stdout-like");
        File.CreateSymbolicLink(link, "/proc/self/fd/" + fd);
        Assert.That(OutputFile.Decide(link).Strategy, Is.EqualTo(OutputFile.Strategy.WriteThrough));
        var reader = Task.Run(() =>
        {
            var buf = new byte[64];
            int n = 0, r;
            while (n < 11 && (r = server.Read(buf, n, buf.Length - n)) > 0) n += r;
            return Encoding.ASCII.GetString(buf, 0, n);
        });
        WriteText(link, "to the pipe");
        Assert.That(reader.Wait(TimeSpan.FromSeconds(20)), Is.True);
        Assert.That(reader.Result, Is.EqualTo("to the pipe"));
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void OutputFile_Write_LinkToRegularFileKeepsTheLinkAndReplacesTheTarget()
    {
        string sub = Directory.CreateDirectory(Dir.File("models")).FullName;
        string target = Path.Combine(sub, "v3.txt");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string link = Dir.File("vectors.txt");
        File.CreateSymbolicLink(link, "models/v3.txt");
        WriteText(link, "new content");
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("models/v3.txt"), "still the same link");
        Assert.That(File.ReadAllText(target), Is.EqualTo("new content"));
        Assert.That(File.GetUnixFileMode(target), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void OutputFile_Write_DanglingLinkCreatesItsTarget()
    {
        string link = Dir.File("vectors.txt");
        File.CreateSymbolicLink(link, Dir.File("made.txt"));
        WriteText(link, "fresh");
        Assert.That(File.ReadAllText(Dir.File("made.txt")), Is.EqualTo("fresh"));
        Assert.That(new FileInfo(link).LinkTarget, Is.Not.Null);
    }

    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite)]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [TestCase(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    public void OutputFile_Write_KeepsTheModeOfAnExistingFile(UnixFileMode mode)
    {
        string path = Dir.File("out.txt");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, mode);
        WriteText(path, "new");
        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(mode));
    }

    [Test]
    public void OutputFile_Write_NewFileGetsTheUsualMode()
    {
        string path = Dir.File("new.txt");
        WriteText(path, "x");
        string reference = Dir.File("reference.txt");
        File.WriteAllText(reference, "y");
        Assert.That(File.GetUnixFileMode(path), Is.EqualTo(File.GetUnixFileMode(reference)), "0666 less the umask, as fopen");
    }

    [Test]
    public void OutputFile_Write_KeepsTheOwnerOfAnExistingFile()
    {
        if (!IsRoot) Assert.Ignore("only root can give a file to another user");
        string path = Dir.File("owned.txt");
        File.WriteAllText(path, "old");
        Sh($"chown 4242:4343 '{path}'");
        WriteText(path, "new");
        var st = FileStatus.Of(path, followLinks: false)!.Value;
        Assert.That((st.Owner, st.Group), Is.EqualTo((4242u, 4343u)));
        Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
    }

    [Test]
    public void OutputFile_Write_HardLinkedFileIsUpdatedUnderEveryName()
    {
        string path = Dir.File("a.txt");
        File.WriteAllText(path, "old");
        Sh($"ln '{path}' '{Dir.File("b.txt")}'");
        WriteText(path, "new");
        Assert.That(File.ReadAllText(Dir.File("b.txt")), Is.EqualTo("new"));
        Assert.That(FileStatus.Of(path, followLinks: false)!.Value.Links, Is.EqualTo(2u));
    }

    [Test]
    public void OutputFile_Replace_NeverOpensWhatIsPlantedAtTheTemporaryName()
    {
        string victim = Dir.File("victim.txt");
        File.WriteAllText(victim, "precious");
        string target = Dir.File("out.txt");
        string tmp = OutputFile.TempName(target);
        File.CreateSymbolicLink(tmp, victim);
        Assert.That(() => OutputFile.Replace(target, null, s => s.Write("evil"u8), default, tmp), Throws.InstanceOf<IOException>());
        Assert.That(File.ReadAllText(victim), Is.EqualTo("precious"));
        Assert.That(new FileInfo(tmp).LinkTarget, Is.EqualTo(victim), "the planted link is left as it was");
        Assert.That(File.Exists(target), Is.False);
    }

    [Test]
    public void OutputFile_TempName_IsUnguessable()
    {
        string target = Dir.File("out.txt");
        var names = Enumerable.Range(0, 100).Select(_ => OutputFile.TempName(target)).ToHashSet();
        Assert.That(names, Has.Count.EqualTo(100));
        Assert.That(names, Has.None.Contains("." + Environment.ProcessId + "."));
        string? seen = null;
        OutputFile.Write(target, s => seen = Directory.GetFiles(Dir.Path, ".out.txt.*.tmp").Single());
        Assert.That(Path.GetFileName(seen), Does.Match(@"^\.out\.txt\.[0-9a-f]{32}\.tmp$"));
    }

    [Test]
    public void OutputFile_Write_FailureLeavesTheOldFileWholeAndNoTemporary()
    {
        string path = Dir.File("out.txt");
        File.WriteAllText(path, "old content");
        Assert.That(() => OutputFile.Write(path, s => { s.Write(new byte[1 << 20]); throw new InvalidOperationException("boom"); }),
            Throws.InvalidOperationException);
        Assert.That(File.ReadAllText(path), Is.EqualTo("old content"));
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void OutputFile_Write_CancelledMidwayLeavesTheOldFileWholeAndNoTemporary()
    {
        string path = Dir.File("out.txt");
        File.WriteAllText(path, "old content");
        using var cts = new CancellationTokenSource();
        Assert.That(() => OutputFile.Write(path, s =>
        {
            for (int i = 0; i < 1000; i++)
            {
                s.Write(new byte[1 << 16]);
                if (i == 10) cts.Cancel();
            }
        }, cts.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(File.ReadAllText(path), Is.EqualTo("old content"));
        Assert.That(Leftovers(), Is.Empty);
    }

    [Test]
    public void OutputFile_Write_DirectoryIsAnError() =>
        Assert.That(() => WriteText(Dir.Path, "x"), Throws.InstanceOf<Word2VecException>().With.Message.Contains("directory"));

    [Test]
    public void OutputFile_Write_ReadOnlyFileIsRefusedAsCRefusesIt()
    {
        string path = Dir.File("ro.txt");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        if (IsRoot)
        {
            // root's fopen opens it anyway; so does this.
            WriteText(path, "new");
            Assert.That(File.ReadAllText(path), Is.EqualTo("new"));
            Assert.That(File.GetUnixFileMode(path), Is.EqualTo(UnixFileMode.UserRead));
            return;
        }
        Assert.That(() => WriteText(path, "new"), Throws.InstanceOf<Word2VecException>().With.Message.Contains("permission denied"));
        Assert.That(File.ReadAllText(path), Is.EqualTo("old"));
    }

    [Test]
    public void Cli_OutputToALinkToStandardOutput_WritesTheVectorsThere()
    {
        // A private link to /dev/stdout, so that a regression replaces only this link.
        string corpus = Dir.File("corpus.txt");
        File.WriteAllText(corpus, string.Concat(Enumerable.Repeat("the cat sat on the mat\n", 20)));
        string link = Dir.File("out");
        File.CreateSymbolicLink(link, "/dev/stdout");
        var r = ProcessRunner.Run("dotnet", [typeof(Word2VecNative.Cli.Program).Assembly.Location, "-train", corpus, "-output", link,
            "-size", "4", "-min-count", "1", "-iter", "1", "-threads", "1", "-debug", "0"], timeoutSeconds: 120);
        Assert.That(r.ExitCode, Is.Zero, r.Stderr);
        Assert.That(r.StdoutText, Does.Contain("6 4\n</s> "));
        Assert.That(new FileInfo(link).LinkTarget, Is.EqualTo("/dev/stdout"));
        Assert.That(Leftovers(), Is.Empty);
    }
}
