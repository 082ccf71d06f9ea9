using System.Buffers.Binary;
using NUnit.Framework;
using Word2VecNative.Tests.Vectors;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Models;

/// <summary>The model file: a round trip keeps every byte that continuing needs; a truncated, corrupt, foreign or
/// newer file is one clear error, found before anything large is allocated.</summary>
public sealed class ModelFileTests
{
    // Offsets of the format (see Engine/Models/ModelFile.cs).
    private const int VersionAt = 8, LengthAt = 12, SizeAt = 20, IterAt = 40, FlagsAt = 76, EpochsDoneAt = 80, ThreadsAt = 84, ThreadStatesAt = 112;

    private static byte[] File_ => s_file.Value;

    private static readonly Lazy<byte[]> s_file = new(() => ModelFixtures.Save(ModelFixtures.Model));

    private static Word2VecException LoadFails(byte[] bytes, bool forwardOnly = false) =>
        Assert.Throws<Word2VecException>(() => Word2VecModel.Load(forwardOnly ? new ModelFixtures.ForwardOnly(bytes) : new MemoryStream(bytes), "model file m.w2vm"))!;

    /// <summary>Where the vocabulary starts: after the header and the thread states.</summary>
    private static int VocabularyAt(byte[] f) => ThreadStatesAt + 12 * BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(ThreadsAt));

    [Test]
    public void ModelFile_RoundTrip_KeepsVocabularyWeightsSettingsAndState()
    {
        var model = ModelFixtures.Model;
        string path = Scratch.File([], "model.w2vm");
        model.Save(path);
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(File_), "the same bytes to a file and to a stream");
        foreach (var loaded in new[]
                 {
                     Word2VecModel.Load(path), Word2VecModel.Load(new MemoryStream(File_)), Word2VecModel.Load(new ModelFixtures.ForwardOnly(File_)),
                 })
        {
            Assert.That(loaded.Vocabulary.Count, Is.EqualTo(model.Vocabulary.Count));
            for (int i = 0; i < model.Vocabulary.Count; i++)
            {
                Assert.That(loaded.Vocabulary.Word(i).ToArray(), Is.EqualTo(model.Vocabulary.Word(i).ToArray()));
                Assert.That(loaded.Vocabulary.Frequency(i), Is.EqualTo(model.Vocabulary.Frequency(i)));
                Assert.That(loaded.Vocabulary.Search(model.Vocabulary.Word(i)), Is.EqualTo(i));
            }
            Assert.That(loaded.Vocabulary.TrainWords, Is.EqualTo(model.Vocabulary.TrainWords));
            Assert.That(loaded.Vectors.ToArray(), Is.EqualTo(model.Vectors.ToArray()));
            Assert.That(loaded.HierarchicalSoftmaxWeights.ToArray(), Is.EqualTo(model.HierarchicalSoftmaxWeights.ToArray()).And.Not.Empty);
            Assert.That(loaded.NegativeSamplingWeights.ToArray(), Is.EqualTo(model.NegativeSamplingWeights.ToArray()).And.Not.Empty);
            Assert.That(loaded.Options, Is.EqualTo(model.Options));
            var (a, b) = (loaded.State!, model.State!);
            Assert.That((a.PlannedEpochs, a.EpochsDone, a.WordsPerEpoch, a.WordsProcessed, a.EpochsTrained, a.LearningRate),
                Is.EqualTo((b.PlannedEpochs, b.EpochsDone, b.WordsPerEpoch, b.WordsProcessed, b.EpochsTrained, b.LearningRate)));
            Assert.That(a.Threads, Is.EqualTo(b.Threads));
            Assert.That(ModelFixtures.Save(loaded), Is.EqualTo(File_), "saved again, the same bytes");
        }
    }

    [Test]
    public void ModelFile_RoundTrip_KeepsEverySetting()
    {
        var options = ModelFixtures.Options(cbow: true, hs: false, negative: 2, iterations: 3) with
        {
            Alpha = 0.04f,
            MinAlpha = 0.001f,
            InitialRange = 1,
            Seed = ulong.MaxValue,
            ComputeLoss = true,
            StopAfterEpoch = 2,
        };
        var model = ModelFixtures.Train(options);
        var loaded = Word2VecModel.Load(new MemoryStream(ModelFixtures.Save(model)));
        Assert.That(loaded.Options, Is.EqualTo(options with { StopAfterEpoch = null }), "-stop-after belongs to the run, not the model");
        Assert.That(loaded.HierarchicalSoftmaxWeights.IsEmpty, Is.True);
        Assert.That((loaded.State!.EpochsDone, loaded.State.PlannedEpochs, loaded.State.IsComplete), Is.EqualTo((2, 3, false)));
        Assert.That(loaded.State.LearningRate, Is.EqualTo(LearningRateSchedule.For(0.04f, 0.001f, 3, model.Vocabulary.TrainWords)));
    }

    [Test]
    public void ModelFile_Save_ModelOfVectorsOnly_IsAnInvalidOperation()
    {
        var m = ModelFixtures.Model;
        var vectorsOnly = new Word2VecModel(m.Vocabulary, m.Vectors.ToArray(), m.Size);
        Assert.That(vectorsOnly.CanContinueTraining, Is.False);
        Assert.That(() => vectorsOnly.Save(new MemoryStream()), Throws.InvalidOperationException);
        string path = Path.Combine(Scratch.NewFolder(), "never.w2vm");
        Assert.That(() => vectorsOnly.Save(path), Throws.InvalidOperationException);
        Assert.That(File.Exists(path), Is.False);
    }

    [Test]
    public void ModelFile_Load_TruncatedAnywhere_IsOneError([Values] bool forwardOnly)
    {
        byte[] f = File_;
        Assert.That(LoadFails([], forwardOnly).Message, Is.EqualTo("model file m.w2vm is empty, not a model file"));
        Assert.That(LoadFails(f[..5], forwardOnly).Message, Is.EqualTo("model file m.w2vm is truncated: it ends inside its header"));
        var cuts = new[] { 8, 12, 19, 20, 50, 111, 112, 130, VocabularyAt(f) + 10, f.Length / 2, f.Length - 33, f.Length - 32, f.Length - 1 };
        foreach (int cut in cuts)
        {
            string message = LoadFails(f[..cut], forwardOnly).Message;
            Assert.That(message, Does.StartWith("model file m.w2vm is truncated"), $"cut at {cut}");
            if (!forwardOnly && cut >= 20) Assert.That(message, Does.EndWith($"{cut} bytes of the {f.Length} its header declares"));
        }
    }

    [Test]
    public void ModelFile_Load_ForeignFiles_AreNotModelFiles()
    {
        byte[] vectors = VectorFixtures.File(binary: true);
        foreach (var foreign in new[] { vectors, VectorFixtures.File(binary: false), "the cat sat on the mat\n"u8.ToArray(), new byte[100], [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0] })
        {
            Assert.That(LoadFails(foreign).Message, Does.StartWith("model file m.w2vm is not a Word2VecNative model file"));
        }
        string path = Scratch.File(vectors);
        Assert.That(() => Word2VecModel.Load(path), Throws.TypeOf<Word2VecException>().With.Message.EqualTo(
            $"model file {path} is not a Word2VecNative model file (its first bytes are not the model magic; vectors are read with WordVectors.Load, not as a model)"));
        Assert.That(() => Word2VecModel.Load(path + ".missing"), Throws.TypeOf<FileNotFoundException>().With.Message.EqualTo($"model file {path}.missing not found"));
    }

    [Test]
    public void ModelFile_Load_AnotherVersion_SaysSo()
    {
        byte[] f = (byte[])File_.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(f.AsSpan(VersionAt), 2);
        Assert.That(LoadFails(f).Message, Is.EqualTo("model file m.w2vm has format version 2; this build reads version 1"));
    }

    [Test]
    public void ModelFile_Load_ChangedByteAnywhere_IsCorrupt()
    {
        byte[] f = File_;
        int vocab = VocabularyAt(f);
        int words = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(vocab));
        int size = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(SizeAt));
        int matrices = f.Length - 32 - 3 * words * size * 4;
        // One byte in each part: settings, state, thread states, counts, word bytes, syn0, syn1, syn1neg, checksum.
        var at = new[] { 24, 30, 57, 61, 90, 100, ThreadStatesAt + 2, vocab + 21, f.Length - 32 - 3 * words * size * 4 - 1, matrices + 5, matrices + words * size * 4 + 7, f.Length - 40, f.Length - 1 };
        foreach (int i in at)
        {
            byte[] m = (byte[])f.Clone();
            m[i] ^= 0x10;
            Assert.That(LoadFails(m).Message, Does.StartWith("model file m.w2vm is corrupt: "), $"byte {i}");
            Assert.That(LoadFails(m, forwardOnly: true).Message, Does.StartWith("model file m.w2vm is corrupt: "), $"byte {i}, forward-only");
        }
        byte[] weights = (byte[])f.Clone();
        weights[matrices + 5] ^= 0x10;
        Assert.That(LoadFails(weights).Message, Is.EqualTo("model file m.w2vm is corrupt: its checksum does not match its contents"));
    }

    [Test]
    public void ModelFile_Load_BytesAfterTheEnd_AreCorrupt()
    {
        byte[] f = [.. File_, 0];
        Assert.That(LoadFails(f).Message, Is.EqualTo($"model file m.w2vm is corrupt: it has {f.Length} bytes, 1 more than its header declares"));
        Assert.That(LoadFails(f, forwardOnly: true).Message, Is.EqualTo($"model file m.w2vm is corrupt: it has bytes after the {f.Length - 1} its header declares"));
    }

    [Test]
    public void ModelFile_Load_ValidChecksumBadContent_IsCorrupt()
    {
        byte[] f = File_;
        int vocab = VocabularyAt(f);
        Assert.That(LoadFails(Edit(f, m => BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(SizeAt), 0))).Message,
            Is.EqualTo("model file m.w2vm is corrupt: its settings are invalid: -size must be a positive integer (got 0)"));
        Assert.That(LoadFails(Edit(f, m => m[FlagsAt] |= 0x40)).Message, Is.EqualTo("model file m.w2vm is corrupt: its flags hold unknown bits"));
        Assert.That(LoadFails(Edit(f, m => m[FlagsAt] |= 0x14)).Message, Is.EqualTo("model file m.w2vm is corrupt: its flags ask for both exact and batched arithmetic"));
        Assert.That(LoadFails(Edit(f, m => BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(EpochsDoneAt), 3))).Message,
            Is.EqualTo("model file m.w2vm is corrupt: it says 3 of 2 epochs are done"));
        Assert.That(LoadFails(Edit(f, m => BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(IterAt), 1))).Message,
            Is.EqualTo("model file m.w2vm is corrupt: it says 2 of 1 epochs are done"));
        Assert.That(LoadFails(Edit(f, m => BinaryPrimitives.WriteInt64LittleEndian(m.AsSpan(vocab + 12), 5))).Message, Does.Match("corrupt: its counts add up to [0-9]+, not the 5 it declares"));
        // The second word spelled as the third: the same length, so only the duplicate check can tell.
        Assert.That(LoadFails(Edit(f, m => SpellSecondAsThird(m, vocab))).Message, Does.Contain("appears twice"));
        Assert.That(LoadFails(Edit(f, m => BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(vocab), int.MaxValue))).Message,
            Does.StartWith("model file m.w2vm is corrupt: its vocabulary would run past the"));
    }

    [Test]
    public void ModelFile_Load_HeaderPromisingGigabytes_AllocatesLittleBeforeFailing([Values] bool forwardOnly)
    {
        // A valid file whose size field says 100,000 and whose length field agrees: the matrices would be large, the
        // data is not there. A known length refuses it at once; an unknown one grows the arrays only as data arrives.
        byte[] f = File_;
        int vocab = VocabularyAt(f);
        int words = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(vocab));
        int size = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(SizeAt));
        long declared = f.Length + 3L * words * (100_000 - size) * 4;
        byte[] m = (byte[])f.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(m.AsSpan(SizeAt), 100_000);
        BinaryPrimitives.WriteInt64LittleEndian(m.AsSpan(LengthAt), declared);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.That(LoadFails(m, forwardOnly).Message, Does.StartWith("model file m.w2vm is truncated"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(words * 100_000L * 4, Is.GreaterThan(8L << 20), "the promise is large");
        Assert.That(allocated, Is.LessThan(2L << 20), $"allocated {allocated} bytes");
    }

    private static byte[] Edit(byte[] file, Action<byte[]> edit)
    {
        byte[] m = (byte[])file.Clone();
        edit(m);
        return ModelFixtures.Resealed(m);
    }

    private static void SpellSecondAsThird(byte[] m, int vocab)
    {
        int words = BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(vocab));
        int lengths = vocab + 20 + 8 * words;
        int bytes = lengths + 4 * words;
        int l0 = BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(lengths));
        for (int i = 1; i + 1 < words; i++)
        {
            int start = bytes + l0;
            for (int k = 1; k < i; k++) start += BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(lengths + 4 * k));
            int li = BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(lengths + 4 * i));
            int lj = BinaryPrimitives.ReadInt32LittleEndian(m.AsSpan(lengths + 4 * (i + 1)));
            if (li != lj) continue;
            m.AsSpan(start + li, lj).CopyTo(m.AsSpan(start, li));
            return;
        }
        Assert.Fail("no two neighbouring words of the same length");
    }

    /// <summary>The model file with the words' lengths and bytes changed as <paramref name="edit"/> says (total length
    /// kept), resealed: word i's length sits at <c>lengths + 4 i</c>, its bytes from <c>pool</c>.</summary>
    private static byte[] EditWords(Action<byte[], int, int, int> edit)
    {
        var f = (byte[])File_.Clone();
        int vocab = VocabularyAt(f);
        int words = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(vocab));
        int lengths = vocab + 20 + 8 * words, pool = lengths + 4 * words;
        edit(f, words, lengths, pool);
        return ModelFixtures.Resealed(f);
    }

    [TestCase(' ')]
    [TestCase('\t')]
    [TestCase('\n')]
    [TestCase('\r')]
    [TestCase('\0')]
    public void ModelFile_WordHoldingWhiteSpaceOrNul_IsCorrupt(char c)
    {
        // Written to a vectors file, such a word could not be read back (nor ever come from a corpus).
        var f = EditWords((f, words, lengths, pool) => f[pool + BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(lengths)) + 1] = (byte)c);
        Assert.That(LoadFails(f).Message, Does.StartWith("model file m.w2vm is corrupt: word 1 (").And.EndWith("holds a space, tab, newline, carriage return or NUL, which no word read from a corpus has"));
    }

    [Test]
    public void ModelFile_WordLongerThanTheReaderMakes_IsCorrupt()
    {
        // Word 1 takes the bytes of the words after it, which keep one byte each, until it is 99 bytes long.
        var longWord = EditWords((f, words, lengths, pool) =>
        {
            int total = BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(lengths + 4));
            for (int i = 2; total < 99; i++)
            {
                total += BinaryPrimitives.ReadInt32LittleEndian(f.AsSpan(lengths + 4 * i)) - 1;
                BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(lengths + 4 * i), 1);
            }
            BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(lengths + 4), total);
        });
        Assert.That(LoadFails(longWord).Message, Does.Match(@"^model file m\.w2vm is corrupt: word 1's length (99|1[0-9][0-9]) is not a word's \(at most 98 bytes, as the corpus reader cuts them\)$"));
    }
}
