using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Tests.Fuzz;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Corpora;

/// <summary>Corpora that can be read only once (a FIFO, a process's output, standard input): read once into a
/// temporary file, then trained on as the same bytes in a regular file; the temporary file goes at the end, on failure
/// and on cancellation.</summary>
[NonParallelizable] // counts the temporary folder's files
public sealed class PipedCorpusTests
{
    private static string MakeFifo(string dir)
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("FIFOs are made with mkfifo");
        string fifo = Path.Combine(dir, "corpus.fifo");
        CorpusFixtures.Sh(dir, "mkfifo corpus.fifo", "mkfifo");
        return fifo;
    }

    /// <summary>A thread that opens <paramref name="fifo"/> for writing (waiting for the reader), writes
    /// <paramref name="bytes"/>, then holds it open until <paramref name="release"/> (if any) is set.</summary>
    private static Thread Writer(string fifo, byte[] bytes, ManualResetEventSlim? release = null)
    {
        var t = new Thread(() =>
        {
            using var w = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            w.Write(bytes);
            w.Flush();
            release?.Wait(TimeSpan.FromSeconds(20));
        })
        { IsBackground = true };
        t.Start();
        return t;
    }

    private static HashSet<string> TemporaryFiles() => [.. Directory.GetFiles(Path.GetTempPath(), "tmp*.tmp")];

    [Test]
    public void FromFile_Fifo_IsReadOnceAndTrainsAsTheFile()
    {
        string dir = Scratch.NewFolder();
        string whole = Path.Combine(dir, "whole.txt");
        File.WriteAllBytes(whole, CorpusFixtures.Text);
        string fifo = MakeFifo(dir);
        var before = TemporaryFiles();
        Writer(fifo, CorpusFixtures.Text);
        var options = Models.ModelFixtures.Options();
        using (var corpus = TrainingCorpus.FromFile(fifo))
        {
            Assert.That(Models.ModelFixtures.Save(Trainer.Train(options, corpus)),
                Is.EqualTo(Models.ModelFixtures.Save(Trainer.Train(options, whole))), "the vectors of the same bytes in a file");
            Assert.That(TemporaryFiles().Except(before).ToList(), Has.Count.EqualTo(1), "one temporary copy while the corpus lives");
        }
        Assert.That(TemporaryFiles().Except(before), Is.Empty, "the copy is deleted on dispose");
    }

    [Test]
    public void FromStream_ProcessOutputCompressed_IsDecoded()
    {
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain.txt"), CorpusFixtures.Text);
        if (!CorpusFixtures.OnPath("zstd")) Assert.Ignore("zstd is not installed");
        var psi = new ProcessStartInfo("zstd", ["-q", "-c", "plain.txt"]) { WorkingDirectory = dir, RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        using var corpus = TrainingCorpus.FromStream(p.StandardOutput.BaseStream);
        p.WaitForExit();
        Assert.That(CorpusFixtures.ReadAll(corpus), Is.EqualTo(CorpusFixtures.Text));
    }

    /// <summary>What <see cref="TrainingCorpus.Open"/> cancelled after 300 ms throws within 5 s (null: it returned; a
    /// <see cref="TimeoutException"/>: it did not end).</summary>
    private static Exception? OpenCancelled(TrainingCorpus corpus)
    {
        using var cts = new CancellationTokenSource(300);
        var open = Task.Run(() => corpus.Open(cts.Token).Dispose());
        try
        {
            return open.Wait(TimeSpan.FromSeconds(5)) ? null : new TimeoutException();
        }
        catch (AggregateException e)
        {
            return e.InnerException;
        }
    }

    [Test]
    public void Open_FifoWhoseWriterSendsNothing_StopsWhenCancelledAndLeavesNoFile()
    {
        string dir = Scratch.NewFolder();
        string fifo = MakeFifo(dir);
        using var release = new ManualResetEventSlim();
        Writer(fifo, "some words then silence"u8.ToArray(), release);
        var before = TemporaryFiles();
        using var corpus = TrainingCorpus.FromFile(fifo);
        Assert.That(OpenCancelled(corpus), Is.InstanceOf<OperationCanceledException>());
        Assert.That(TemporaryFiles().Except(before), Is.Empty, "the partial copy is deleted");
        release.Set();
    }

    [Test]
    public void Open_FifoWithoutWriter_StopsWhenCancelled()
    {
        string dir = Scratch.NewFolder();
        string fifo = MakeFifo(dir);
        using var corpus = TrainingCorpus.FromFile(fifo);
        var outcome = OpenCancelled(corpus);
        using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { } // lets the abandoned open (or a hung one) finish
        Assert.That(outcome, Is.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public void Cli_ListThatIsAFifoWithoutWriter_StopsWhenCancelled()
    {
        string dir = Scratch.NewFolder();
        string fifo = MakeFifo(dir);
        using var cts = new CancellationTokenSource(300);
        var open = Task.Run(() => Word2VecNative.Cli.CorpusArgument.Open("@" + fifo, Stream.Null, cts.Token).Dispose());
        Exception? outcome;
        try
        {
            outcome = open.Wait(TimeSpan.FromSeconds(5)) ? null : new TimeoutException();
        }
        catch (AggregateException e)
        {
            outcome = e.InnerException;
        }
        using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { } // lets the abandoned open (or a hung one) finish
        Assert.That(outcome, Is.InstanceOf<OperationCanceledException>());
    }

    /// <summary>The command with standard input as <c>-train -</c>, plain and gzip-compressed, writes the bytes of the same
    /// run on the file (exact mode, one thread); word2phrase likewise.</summary>
    [Test]
    public void Cli_TrainDash_ReadsStandardInput()
    {
        string dir = Scratch.NewFolder();
        string whole = Path.Combine(dir, "whole.txt");
        File.WriteAllBytes(whole, CorpusFixtures.Text);
        string[] flags = ["-size", "10", "-window", "3", "-min-count", "1", "-iter", "2", "-threads", "1", "-exact", "1", "-debug", "0", "-binary", "1"];
        string expected = Path.Combine(dir, "expected.bin"), got = Path.Combine(dir, "got.bin"), gotGz = Path.Combine(dir, "got-gz.bin");
        Assert.That(OurCli.Run(["-train", whole, "-output", expected, .. flags]).Code, Is.Zero);
        var r = OurCli.Run(["-train", "-", "-output", got, .. flags], CorpusFixtures.Text);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((0, "")));
        Assert.That(File.ReadAllBytes(got), Is.EqualTo(File.ReadAllBytes(expected)), "standard input");
        CorpusFixtures.Sh(dir, "gzip -c < whole.txt > whole.gz", "gzip");
        Assert.That(OurCli.Run(["-train", "-", "-output", gotGz, .. flags], File.ReadAllBytes(Path.Combine(dir, "whole.gz"))).Code, Is.Zero);
        Assert.That(File.ReadAllBytes(gotGz), Is.EqualTo(File.ReadAllBytes(expected)), "gzip on standard input");

        string phrases = Path.Combine(dir, "phrases.txt"), phrasesIn = Path.Combine(dir, "phrases-in.txt");
        Assert.That(OurCli.Run(["word2phrase", "-train", whole, "-output", phrases, "-debug", "0"]).Code, Is.Zero);
        Assert.That(OurCli.Run(["word2phrase", "-train", "-", "-output", phrasesIn, "-debug", "0"], CorpusFixtures.Text).Code, Is.Zero);
        Assert.That(File.ReadAllBytes(phrasesIn), Is.EqualTo(File.ReadAllBytes(phrases)), "word2phrase on standard input");
    }

    [Test]
    public void Cli_TrainList_ReadsTheNamedFiles()
    {
        string dir = Scratch.NewFolder();
        var text = CorpusFixtures.Text;
        int cut = Array.IndexOf(text, (byte)'\n', text.Length / 2) + 1;
        File.WriteAllBytes(Path.Combine(dir, "whole.txt"), text);
        File.WriteAllBytes(Path.Combine(dir, "a, with a comma.txt"), text[..cut]);
        File.WriteAllBytes(Path.Combine(dir, "b.txt"), text[cut..]);
        File.WriteAllText(Path.Combine(dir, "list"), $"{Path.Combine(dir, "a, with a comma.txt")}\r\n\n{Path.Combine(dir, "b.txt")}\n");
        string[] flags = ["-size", "10", "-min-count", "1", "-iter", "1", "-threads", "1", "-exact", "1", "-debug", "0"];
        string expected = Path.Combine(dir, "expected.txt"), got = Path.Combine(dir, "got.txt");
        Assert.That(OurCli.Run(["-train", Path.Combine(dir, "whole.txt"), "-output", expected, .. flags]).Code, Is.Zero);
        Assert.That(OurCli.Run(["-train", "@" + Path.Combine(dir, "list"), "-output", got, .. flags]).Code, Is.Zero);
        Assert.That(File.ReadAllBytes(got), Is.EqualTo(File.ReadAllBytes(expected)));
        var missing = OurCli.Run(["-train", "@" + Path.Combine(dir, "nolist"), "-output", got + "2", .. flags]);
        Assert.That(FuzzRules.CliProblem(new(missing.Code, "", missing.Stderr)), Is.Null);
        Assert.That(missing.Code, Is.EqualTo(1));
    }

    [Test]
    public void Open_CompressedWithATemporaryFolderNotWritable_IsAWord2VecException()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("Unix permissions");
            return;
        }
        bool root = FileStatus.EffectiveUser() == 0; // root writes in a folder without write permission, not in an immutable one
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain"), CorpusFixtures.Text);
        CorpusFixtures.Sh(dir, "gzip -c < plain > corpus.gz", "gzip");
        string locked = Path.Combine(dir, "locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (root) CorpusFixtures.Sh(dir, "chattr +i locked", "chattr");
        string? before = Environment.GetEnvironmentVariable("TMPDIR");
        Environment.SetEnvironmentVariable("TMPDIR", locked);
        try
        {
            using var corpus = TrainingCorpus.FromFile(Path.Combine(dir, "corpus.gz"));
            var e = Assert.Throws<Word2VecException>(() => corpus.Open().Dispose());
            Assert.That(e!.Message, Does.StartWith($"cannot make a temporary copy of training data file {Path.Combine(dir, "corpus.gz")} in {locked}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TMPDIR", before);
            if (root) CorpusFixtures.Sh(dir, "chattr -i locked", "chattr");
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Test]
    public void Cli_OutputInTheTrainFolderThroughALinkAboveIt_IsRefused()
    {
        string dir = Scratch.NewFolder();
        string corpus = Path.Combine(dir, "corpus");
        Directory.CreateDirectory(corpus);
        File.WriteAllBytes(Path.Combine(corpus, "text"), CorpusFixtures.Text);
        string link = Path.Combine(dir, "link");
        File.CreateSymbolicLink(link, dir); // link/corpus is the folder, the link being above it
        string output = Path.Combine(link, "corpus", "v.txt");
        var r = OurCli.Run(["-train", corpus, "-output", output, "-debug", "0"]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((1, $"ERROR: -output {output} is in the -train folder {corpus}, whose files are all read as corpus\n")));
        Assert.That(Directory.GetFiles(corpus), Has.Length.EqualTo(1));
    }

    [Test]
    public void Cli_OutputInTheTrainFolder_IsRefused()
    {
        string dir = Scratch.NewFolder();
        string corpus = Path.Combine(dir, "corpus");
        Directory.CreateDirectory(corpus);
        File.WriteAllBytes(Path.Combine(corpus, "text"), CorpusFixtures.Text);
        var r = OurCli.Run(["-train", corpus + "/", "-output", Path.Combine(corpus, "..", "corpus", "v.txt"), "-debug", "0"]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((1, $"ERROR: -output {Path.Combine(corpus, "..", "corpus", "v.txt")} is in the -train folder {corpus}/, whose files are all read as corpus\n")));
        Assert.That(Directory.GetFiles(corpus), Has.Length.EqualTo(1));
    }

    [Test]
    public void Cli_Word2PhraseOutputInTheTrainFolder_IsRefused()
    {
        string dir = Scratch.NewFolder();
        string corpus = Path.Combine(dir, "corpus");
        Directory.CreateDirectory(corpus);
        File.WriteAllBytes(Path.Combine(corpus, "text"), CorpusFixtures.Text);
        string output = Path.Combine(corpus, "phrases.txt");
        var r = OurCli.Run(["word2phrase", "-train", corpus, "-output", output, "-debug", "0"]);
        Assert.That((r.Code, r.Stderr), Is.EqualTo((1, $"ERROR: -output {output} is in the -train folder {corpus}, whose files are all read as corpus\n")));
        Assert.That(Directory.GetFiles(corpus), Has.Length.EqualTo(1));
    }

    [TestCaseSource(typeof(CorpusFixtures), nameof(CorpusFixtures.FormatCases))]
    public void Cli_CorruptCompressedCorpus_IsOneLineAndNoOutput(string tool, string command)
    {
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain.txt"), CorpusFixtures.Text);
        CorpusFixtures.Sh(dir, $"{command} < plain.txt > whole", tool);
        byte[] whole = File.ReadAllBytes(Path.Combine(dir, "whole"));
        string cut = Path.Combine(dir, "cut");
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);
        string output = Path.Combine(dir, "out.bin");
        foreach (var (train, stdin) in new[] { (cut, Array.Empty<byte>()), ("-", whole[..(whole.Length / 2)]) })
        {
            var r = OurCli.Run(["-train", train, "-output", output, "-debug", "0"], stdin);
            Assert.That(FuzzRules.CliProblem(r), Is.Null, train);
            Assert.That(r.Code, Is.EqualTo(1), train);
            Assert.That(r.Stderr, Does.Contain("is not valid"), train);
            Assert.That(File.Exists(output), Is.False, train);
        }
    }
}
