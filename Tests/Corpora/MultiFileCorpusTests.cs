using System.Text;
using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Corpora;

/// <summary>Corpora of several files: a folder (its files in ordinal name order, not its subfolders) or a list, read as
/// one seekable stream, each file ending a sentence; plain parts are read in place.</summary>
public sealed class MultiFileCorpusTests
{
    [Test]
    public void ConcatenatedCorpusStream_SeekAnywhere_ReadsTheConcatenation()
    {
        string dir = Scratch.NewFolder();
        var rnd = new Random(11);
        var parts = new List<ConcatenatedCorpusStream.Segment>();
        var expected = new MemoryStream();
        for (int i = 0; i < 6; i++)
        {
            var bytes = new byte[i == 2 ? 0 : rnd.Next(1, 5000)];
            rnd.NextBytes(bytes);
            string path = Path.Combine(dir, $"p{i}");
            File.WriteAllBytes(path, bytes);
            parts.Add(new(path, bytes.Length));
            expected.Write(bytes);
            if (i % 2 == 1)
            {
                parts.Add(new(null, 1));
                expected.WriteByte((byte)'\n');
            }
        }
        var all = expected.ToArray();
        using var s = new ConcatenatedCorpusStream(parts);
        Assert.That(s.Length, Is.EqualTo(all.Length));
        var buffer = new byte[3000];
        for (int k = 0; k < 500; k++)
        {
            long at = rnd.Next(0, all.Length + 2);
            s.Position = at;
            int want = rnd.Next(1, buffer.Length);
            var got = new MemoryStream();
            while (got.Length < want)
            {
                int n = s.Read(buffer, 0, (int)(want - got.Length));
                if (n == 0) break;
                got.Write(buffer, 0, n);
            }
            var slice = at >= all.Length ? [] : all.AsSpan((int)at, (int)Math.Min(want, all.Length - at)).ToArray();
            Assert.That(got.ToArray(), Is.EqualTo(slice), $"{want} bytes at {at}");
        }
    }

    [Test]
    public void FromDirectory_FilesInOrdinalOrder_EachEndingASentence()
    {
        string dir = Scratch.NewFolder();
        File.WriteAllText(Path.Combine(dir, "b.txt"), "bee bee");          // no newline at its end: one is put after it
        File.WriteAllText(Path.Combine(dir, "B.txt"), "upper\n");           // 'B' < 'a' < 'b' in ordinal order
        File.WriteAllText(Path.Combine(dir, "a.txt"), "ay ay\n");
        File.WriteAllText(Path.Combine(dir, "empty"), "");
        File.WriteAllText(Path.Combine(dir, "c"), "sea");                   // the last: no newline added
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        File.WriteAllText(Path.Combine(dir, "sub", "x"), "below\n");        // subfolders are not read
        using var corpus = TrainingCorpus.FromDirectory(dir);
        Assert.That(Encoding.ASCII.GetString(CorpusFixtures.ReadAll(corpus)), Is.EqualTo("upper\nay ay\nbee bee\nsea"));
        using var viaFile = TrainingCorpus.FromFile(dir);
        Assert.That(Encoding.ASCII.GetString(CorpusFixtures.ReadAll(viaFile)), Is.EqualTo("upper\nay ay\nbee bee\nsea"), "FromFile of a folder");
    }

    [Test]
    public void FromFiles_MixedPlainAndCompressed_ReadsThemInOrder()
    {
        string dir = Scratch.NewFolder();
        File.WriteAllText(Path.Combine(dir, "one"), "one two");
        File.WriteAllText(Path.Combine(dir, "two"), "three four\n");
        CorpusFixtures.Sh(dir, "gzip -c < two > two.gz", "gzip");
        using var corpus = TrainingCorpus.FromFiles([Path.Combine(dir, "two.gz"), Path.Combine(dir, "one"), Path.Combine(dir, "two")]);
        Assert.That(Encoding.ASCII.GetString(CorpusFixtures.ReadAll(corpus)), Is.EqualTo("three four\none two\nthree four\n"));
    }

    [Test]
    public void FromDirectory_Empty_IsOneError()
    {
        string dir = Scratch.NewFolder();
        Directory.CreateDirectory(Path.Combine(dir, "only-a-folder"));
        using var corpus = TrainingCorpus.FromDirectory(dir);
        var e = Assert.Throws<Word2VecException>(() => corpus.Open())!;
        Assert.That(e.Message, Is.EqualTo($"training data folder {dir} holds no files"));
    }

    [Test]
    public void FromFiles_MissingMember_NamesIt()
    {
        string dir = Scratch.NewFolder();
        File.WriteAllText(Path.Combine(dir, "one"), "one two\n");
        string missing = Path.Combine(dir, "missing");
        using var corpus = TrainingCorpus.FromFiles([Path.Combine(dir, "one"), missing]);
        var e = Assert.Throws<FileNotFoundException>(() => corpus.Open())!;
        Assert.That(e.Message, Is.EqualTo($"training data file {missing} not found"));
    }

    /// <summary>A folder split of a corpus at line ends trains the vectors of the whole file, to the byte (exact mode,
    /// one thread, both objectives), and so does a file list, whatever each part's compression.</summary>
    [Test]
    public void Trainer_FolderOrListOfParts_TrainsTheBytesOfTheWholeFile()
    {
        string dir = Scratch.NewFolder();
        var text = CorpusFixtures.Text;
        string whole = Path.Combine(dir, "whole.txt");
        File.WriteAllBytes(whole, text);
        string parts = Path.Combine(dir, "parts");
        Directory.CreateDirectory(parts);
        int cut1 = Array.IndexOf(text, (byte)'\n', text.Length / 3) + 1, cut2 = Array.IndexOf(text, (byte)'\n', 2 * text.Length / 3);
        File.WriteAllBytes(Path.Combine(parts, "1"), text[..cut1]);
        File.WriteAllBytes(Path.Combine(parts, "2"), text[cut1..cut2]); // ends without its newline: the corpus puts it back
        File.WriteAllBytes(Path.Combine(parts, "3"), text[(cut2 + 1)..]);
        var options = Models.ModelFixtures.Options();
        var expected = Models.ModelFixtures.Save(Trainer.Train(options, whole));
        Assert.That(Models.ModelFixtures.Save(Trainer.Train(options, parts)), Is.EqualTo(expected), "a folder");
        CorpusFixtures.Sh(parts, "xz -c < 2 > 2.xz", "xz");
        using var list = TrainingCorpus.FromFiles([Path.Combine(parts, "1"), Path.Combine(parts, "2.xz"), Path.Combine(parts, "3")]);
        Assert.That(Models.ModelFixtures.Save(Trainer.Train(options, list)), Is.EqualTo(expected), "a list with a compressed part");
    }
}
