using System.Globalization;
using NUnit.Framework;
using Word2VecNative.Gpu.Host;
using Word2VecNative.Tests.Corpora;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>The GPU host encodes every kind of corpus as the CPU reads it: a compressed file, a folder of parts and a
/// FIFO encode to the words, segments and clock of the same text in one plain file (small ranges, so that range
/// boundaries fall inside the parts and across them). Needs no device; one run trains on OpenCL where PoCL is present.</summary>
public sealed class CorpusEncoderSourceTests
{
    private static EncodedCorpus Encode(TrainingCorpus corpus)
    {
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1 }, corpus);
        setup.LearnVocabulary();
        return CorpusEncoder.Encode(setup, CancellationToken.None, rangeBytes: 4099);
    }

    [Test]
    public void Encode_CompressedOrFolderCorpus_IsThePlainFilesEncoding()
    {
        string dir = Scratch.NewFolder();
        var text = CorpusFixtures.Text;
        string plain = Path.Combine(dir, "plain.txt");
        File.WriteAllBytes(plain, text);
        string parts = Path.Combine(dir, "parts");
        Directory.CreateDirectory(parts);
        int cut = Array.IndexOf(text, (byte)'\n', text.Length / 2) + 1;
        File.WriteAllBytes(Path.Combine(parts, "1"), text[..cut]);
        File.WriteAllBytes(Path.Combine(parts, "2"), text[cut..]);
        CorpusFixtures.Sh(dir, "gzip -c plain.txt > plain.gz && gzip parts/2", "gzip");
        using var reference = TrainingCorpus.FromFile(plain);
        var expected = Encode(reference);
        foreach (var corpus in new[] { TrainingCorpus.FromFile(Path.Combine(dir, "plain.gz")), TrainingCorpus.FromDirectory(parts) })
        {
            using (corpus)
            {
                var got = Encode(corpus);
                Assert.That(got.Words, Is.EqualTo(expected.Words), corpus.Name);
                Assert.That(got.SegmentStart, Is.EqualTo(expected.SegmentStart), corpus.Name);
                Assert.That(got.SegmentClock, Is.EqualTo(expected.SegmentClock), corpus.Name);
                Assert.That(got.WordsPerEpoch, Is.EqualTo(expected.WordsPerEpoch), corpus.Name);
            }
        }
    }

    [Test]
    public void Cli_OpenClOnACompressedCorpus_Trains()
    {
        var device = GpuTestEnvironment.RequireOpenCl();
        string dir = Scratch.NewFolder();
        File.WriteAllBytes(Path.Combine(dir, "plain.txt"), CorpusFixtures.Text);
        CorpusFixtures.Sh(dir, "xz -c plain.txt > corpus.xz", "xz");
        string output = Path.Combine(dir, "v.txt");
        var (code, _, stderr) = OurCli.Run("-train", Path.Combine(dir, "corpus.xz"), "-output", output, "-size", "16", "-min-count", "1",
            "-iter", "1", "-backend", "opencl", "-device", device.Index.ToString(CultureInfo.InvariantCulture), "-debug", "0");
        Assert.That((code, stderr), Is.EqualTo((0, "")));
        using var plain = TrainingCorpus.FromFile(Path.Combine(dir, "plain.txt"));
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1 }, plain);
        Assert.That(File.ReadLines(output).First(), Is.EqualTo($"{setup.LearnVocabulary().Count} 16"), "the vocabulary of the text");
    }
}
