using System.Text;
using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Corpora;

/// <summary>Compressed corpora: told by their magic bytes, not their names; decoded whole (gzip members, bzip2 and xz
/// streams, zstd frames one after another, xz blocks); corrupt or truncated data is one error and leaves nothing.</summary>
[NonParallelizable] // counts the temporary folder's files
public sealed class CorpusDecoderTests
{
    [TestCase(new byte[] { 0x1F, 0x8B, 0x08, 0 }, "GZip")]
    [TestCase(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 4 }, "Xz")]
    [TestCase(new byte[] { 0x28, 0xB5, 0x2F, 0xFD, 0x24 }, "Zstd")]
    [TestCase(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59 }, "BZip2")]
    [TestCase(new byte[] { (byte)'B', (byte)'Z', (byte)'h', (byte)'1', 0x17, 0x72, 0x45, 0x38, 0x50, 0x90 }, "BZip2")]
    [TestCase(new byte[] { 0x1F, 0x8B }, "None")]
    [TestCase(new byte[] { 0x1F, 0x8B, 0x07 }, "None")]
    [TestCase(new byte[] { 0xFD, 0x37, 0x7A, 0x58, 0x5A }, "None")]
    [TestCase(new byte[] { }, "None")]
    public void CorpusDecoder_Detect_ByMagicBytes(byte[] head, string expected) =>
        Assert.That(CorpusDecoder.Detect(head).ToString(), Is.EqualTo(expected));

    [TestCase("BZh9 hello world")]
    [TestCase("BZh91AY&SX and more")]
    [TestCase("the quick brown fox")]
    public void CorpusDecoder_Detect_TextIsPlain(string text) =>
        Assert.That(CorpusDecoder.Detect(Encoding.ASCII.GetBytes(text)), Is.EqualTo(CorpusCompression.None));

    [TestCaseSource(typeof(CorpusFixtures), nameof(CorpusFixtures.FormatCases))]
    public void FromFile_CompressedWithoutSuffix_OpensToTheText(string tool, string command)
    {
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain.txt"), CorpusFixtures.Text);
        CorpusFixtures.Sh(dir, $"{command} < plain.txt > corpus", tool);
        using var corpus = TrainingCorpus.FromFile(Path.Combine(dir, "corpus"));
        Assert.That(CorpusFixtures.ReadAll(corpus), Is.EqualTo(CorpusFixtures.Text));
    }

    [TestCaseSource(typeof(CorpusFixtures), nameof(CorpusFixtures.FormatCases))]
    public void FromFile_ConcatenatedMembers_AreAllRead(string tool, string command)
    {
        string dir = Scratch.NewFolder();
        var text = CorpusFixtures.Text;
        File.WriteAllBytes(Path.Combine(dir, "a"), text[..40_001]);
        File.WriteAllBytes(Path.Combine(dir, "b"), text[40_001..]);
        // Members of odd sizes, an empty one between them (gzip's member boundaries are what its end check relies on).
        CorpusFixtures.Sh(dir, $"{command} < a > c.z && : > e && {command} < e >> c.z && {command} < b >> c.z", tool);
        using var corpus = TrainingCorpus.FromFile(Path.Combine(dir, "c.z"));
        Assert.That(CorpusFixtures.ReadAll(corpus), Is.EqualTo(text));
    }

    [Test]
    public void FromFile_ManyGzipMembers_AreAllRead()
    {
        string dir = Scratch.NewFolder();
        var text = CorpusFixtures.Text;
        var rnd = new Random(7);
        var script = new StringBuilder(": > c.gz");
        for (int at = 0, i = 0; at < text.Length; i++)
        {
            int n = Math.Min(text.Length - at, rnd.Next(1, 9000));
            File.WriteAllBytes(Path.Combine(dir, $"p{i}"), text[at..(at + n)]);
            script.Append($" && gzip -c < p{i} >> c.gz");
            at += n;
        }
        CorpusFixtures.Sh(dir, script.ToString(), "gzip");
        using var corpus = TrainingCorpus.FromFile(Path.Combine(dir, "c.gz"));
        Assert.That(CorpusFixtures.ReadAll(corpus), Is.EqualTo(text));
    }

    [TestCase("xz --block-size=7000 -c", TestName = "FromFile_XzOfManyBlocks_IsRead")]
    [TestCase("xz -T2 --block-size=20000 --check=sha256 -c", TestName = "FromFile_XzOfThreadsAndSha256_IsRead")]
    [TestCase("xz --check=none -c", TestName = "FromFile_XzWithoutCheck_IsRead")]
    [TestCase("xz -c < plain.txt > c.xz && printf '\\0\\0\\0\\0' >> c.xz && xz -c", TestName = "FromFile_XzStreamPadding_IsSkipped")]
    public void FromFile_XzVariants_AreRead(string command)
    {
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain.txt"), CorpusFixtures.Text);
        bool padded = command.Contains("printf");
        CorpusFixtures.Sh(dir, $"{command} < plain.txt >> c.xz", "xz");
        using var corpus = TrainingCorpus.FromFile(Path.Combine(dir, "c.xz"));
        var expected = padded ? [.. CorpusFixtures.Text, .. CorpusFixtures.Text] : CorpusFixtures.Text;
        Assert.That(CorpusFixtures.ReadAll(corpus), Is.EqualTo(expected));
    }

    [Test]
    public void FromFile_PlainFileNamedGz_IsReadPlain()
    {
        string dir = Scratch.NewFolder();
        string path = Path.Combine(dir, "text.gz");
        File.WriteAllBytes(path, CorpusFixtures.Text);
        using var corpus = TrainingCorpus.FromFile(path);
        using var s = corpus.Open();
        Assert.That(s, Is.InstanceOf<FileStream>());
        Assert.That(FileStatus.Of(((FileStream)s).SafeFileHandle)!.Value.Inode, Is.EqualTo(FileStatus.Of(path, followLinks: true)!.Value.Inode),
            "a plain file is read in place");
        Assert.That(CorpusFixtures.ReadAll(corpus), Is.EqualTo(CorpusFixtures.Text));
    }

    [TestCaseSource(typeof(CorpusFixtures), nameof(CorpusFixtures.FormatCases))]
    public void Open_TruncatedOrCorrupt_IsOneErrorAndNoTemporaryFile(string tool, string command)
    {
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain.txt"), CorpusFixtures.Text);
        CorpusFixtures.Sh(dir, $"{command} < plain.txt > whole", tool);
        byte[] whole = File.ReadAllBytes(Path.Combine(dir, "whole"));
        var flipped = (byte[])whole.Clone();
        flipped[whole.Length / 2] ^= 0x55;
        var cases = new[] { ("truncated", whole[..(whole.Length * 2 / 3)]), ("cut before its end", whole[..^1]), ("flipped", flipped) };
        foreach (var (name, bytes) in cases)
        {
            string path = Path.Combine(dir, name);
            File.WriteAllBytes(path, bytes);
            var before = TemporaryFiles();
            using var corpus = TrainingCorpus.FromFile(path);
            var e = Assert.Throws<Word2VecException>(() => corpus.Open(), name)!;
            Assert.That(e.Message, Does.StartWith($"training data file {path} is not valid ").And.Not.Contains("\n"), name);
            Assert.That(TemporaryFiles().Except(before), Is.Empty, $"{name}: the temporary copy is deleted");
        }
    }

    /// <summary>The temporary files now (other tests may add theirs, never the ones a failed open made).</summary>
    private static HashSet<string> TemporaryFiles() => [.. Directory.GetFiles(Path.GetTempPath(), "tmp*.tmp")];
}
