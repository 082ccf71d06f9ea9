using System.Text;
using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.TrainingApi;

/// <summary>What a device backend takes from a <see cref="TrainingSetup"/>: <see cref="DeviceTables"/> are the tables the
/// engine's own step trains with (empty where the options leave one out, which tells the GPU host what to allocate),
/// and <see cref="TrainingSetup.ReadSentences"/> cuts sentences and runs the learning rate's clock as the training
/// threads do.</summary>
public sealed class DeviceContractTests
{
    [Test]
    public void DeviceTables_OfASetup_AreTheEnginesTables()
    {
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 1, HierarchicalSoftmax = true, Negative = 5, Sample = 1e-3f }, corpus);
        setup.LearnVocabulary();
        var tables = setup.DeviceTables;

        Assert.That(tables.VocabularySize, Is.EqualTo(setup.Vocabulary.Count));
        Assert.That(DeviceTables.Sigmoid.ToArray(), Is.EqualTo(SigmoidTable.Array));
        Assert.That(DeviceTables.Sigmoid.Length, Is.EqualTo(DeviceTables.SigmoidTableSize + 1));
        var tree = setup.Tree!;
        Assert.That(tables.HuffmanCodeLengths.Length, Is.EqualTo(tables.VocabularySize));
        for (int w = 0; w < tables.VocabularySize; w++)
        {
            int at = w * DeviceTables.MaxCodeLength, length = tables.HuffmanCodeLengths[w];
            Assert.That(length, Is.EqualTo(tree.CodeLength(w)));
            Assert.That(tables.HuffmanCodes.Slice(at, length).ToArray(), Is.EqualTo(tree.Code(w).ToArray()), $"word {w}'s code");
            Assert.That(tables.HuffmanPoints.Slice(at, length).ToArray(), Is.EqualTo(tree.Points(w).ToArray()), $"word {w}'s points");
        }
        var unigram = setup.NegativeTable!;
        Assert.That(tables.UnigramStarts.Length, Is.EqualTo(unigram.Count + 1));
        Assert.That(tables.UnigramStarts[^1], Is.EqualTo(DeviceTables.UnigramTableSize));
        Assert.That(tables.UnigramBuckets.Length, Is.EqualTo((DeviceTables.UnigramTableSize >> DeviceTables.UnigramBucketBits) + 2));
        Assert.That(tables.KeepThresholds.ToArray(), Is.EqualTo(setup.Subsampler!.Thresholds.ToArray()));
        Assert.That(tables.KeepThresholds.Length, Is.EqualTo(tables.VocabularySize));
    }

    [Test]
    public void DeviceTables_WithoutHierarchicalSoftmaxNegativesOrSample_AreEmpty()
    {
        using var corpus = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var hs = TrainingSetup.Create(new TrainingOptions { MinCount = 1, HierarchicalSoftmax = true, Negative = 0, Sample = 0 }, corpus);
        hs.LearnVocabulary();
        Assert.That(hs.DeviceTables.HuffmanCodes.IsEmpty, Is.False);
        Assert.That(hs.DeviceTables.UnigramStarts.IsEmpty && hs.DeviceTables.UnigramBuckets.IsEmpty, "no negative sampling");
        Assert.That(hs.DeviceTables.KeepThresholds.IsEmpty, "no down-sampling");

        var negative = TrainingSetup.Create(new TrainingOptions { MinCount = 1, HierarchicalSoftmax = false, Negative = 5 }, corpus);
        negative.LearnVocabulary();
        var tables = negative.DeviceTables;
        Assert.That(tables.HuffmanCodes.IsEmpty && tables.HuffmanPoints.IsEmpty && tables.HuffmanCodeLengths.IsEmpty, "no hierarchical softmax");
        Assert.That(tables.UnigramStarts.IsEmpty, Is.False);
        Assert.That(DeviceTables.Sigmoid.IsEmpty, Is.False, "the sigmoid serves every objective");
    }

    [Test]
    public void ReadSentences_UnknownWordsBlankAndLongLines_AreCutAsTheTrainingThreadsCutThem()
    {
        // With -min-count 2, "cat" and "once" are unknown: skipped, and not counted by the clock.
        var text = new StringBuilder("the cat once sat\n\n");
        for (int i = 0; i < 2500; i++) text.Append("dog ");
        text.Append("\nthe sat\n");
        using var corpus = TrainingCorpus.FromStream(new MemoryStream(Encoding.ASCII.GetBytes(text.ToString())));
        var setup = TrainingSetup.Create(new TrainingOptions { MinCount = 2 }, corpus);
        var vocabulary = setup.LearnVocabulary();
        int the = vocabulary.Search("the"), sat = vocabulary.Search("sat"), dog = vocabulary.Search("dog");

        var sentences = new List<(int[] Words, long Clock)>();
        long read;
        using (var stream = corpus.Open()) read = setup.ReadSentences(stream, (words, clock) => sentences.Add((words.ToArray(), clock)));

        // Each clock counts the known words before the sentence, the ends of lines (</s>) included; the blank line is
        // no sentence, and the line of 2500 words is cut after every 1000 (MAX_SENTENCE_LENGTH).
        Assert.That(sentences.Select(s => s.Clock), Is.EqualTo(new long[] { 0, 4, 1004, 2004, 2505 }));
        Assert.That(sentences[0].Words, Is.EqualTo(new[] { the, sat }));
        Assert.That(sentences.Skip(1).Take(3).Select(s => s.Words.Length), Is.EqualTo(new[] { 1000, 1000, 500 }));
        Assert.That(sentences.Skip(1).Take(3).All(s => s.Words.All(w => w == dog)));
        Assert.That(sentences[4].Words, Is.EqualTo(new[] { the, sat }));
        Assert.That(read, Is.EqualTo(2508));
    }
}
