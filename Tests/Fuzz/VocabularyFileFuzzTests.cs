using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Fuzz;

/// <summary>
/// Mutated vocabulary files (see <see cref="VocabularyFileMutants"/>) through <see cref="Vocabulary.Read"/> and
/// through training with <c>-read-vocab</c>. Each must be read (as meant, where the change kept the file valid)
/// or fail with one clear error; the command must then train, or print that one error, exit 1 and leave no
/// output file. Fixed seed: a failure names the seed and the mutant.
/// </summary>
public sealed class VocabularyFileFuzzTests : FolderTests
{
    private const int Seed = 1015;
    private const int Mutants = 500;

    [Test]
    public void Vocabulary_Read_MutatedFiles_ReadOrFailWithOneErrorAlsoThroughTraining()
    {
        string train = Dir.File("small.txt");
        File.WriteAllBytes(train, VocabularyFileMutants.Corpus);
        string vocabFile = Dir.File("mutant.vocab");
        string output = Dir.File("out.txt");
        var failures = new List<string>();
        int read = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutants && failures.Count < 10; i++)
        {
            var m = VocabularyFileMutants.Create(Seed, i);
            bool ok = false;
            string? problem = FuzzRules.WithTimeout(() => Check(m, train, vocabFile, output, out ok));
            if (ok) read++;
            if (problem != null) failures.Add($"seed {Seed}, mutant {i} ({m.What}, {m.Bytes.Length} bytes): {problem}");
        }
        TestContext.Progress.WriteLine($"vocabulary fuzz: {Mutants} mutants ({read} read), each also through training, {clock.Elapsed.TotalSeconds:F1} s");
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    private static string? Check(VocabularyFileMutants.Mutant m, string train, string vocabFile, string output, out bool ok)
    {
        ok = false;
        File.WriteAllBytes(vocabFile, m.Bytes);
        Vocabulary? vocab = null;
        string? error = null;
        try
        {
            vocab = Vocabulary.Read(new MemoryStream(m.Bytes), 1, name: vocabFile);
        }
        catch (Word2VecException e)
        {
            error = e.Message;
            if (FuzzRules.MessageProblem(e.Message, vocabFile) is { } bad) return bad;
        }
        if (vocab != null)
        {
            ok = true;
            if (Invariants(vocab) is { } broken) return broken;
            if (m.MustReadAs != null && Expected(m.MustReadAs) is var expected && !Saved(vocab).SequenceEqual(expected))
                return $"read as '{FuzzRules.Show(System.Text.Encoding.Latin1.GetString(Saved(vocab)))}', expected '{FuzzRules.Show(System.Text.Encoding.Latin1.GetString(expected))}'";
        }
        else if (m.MustReadAs != null && !(Overflows(m.MustReadAs) && error == OverflowError))
        {
            return $"a valid file was refused: {error}";
        }

        File.Delete(output);
        var r = OurCli.Run("-train", train, "-read-vocab", vocabFile, "-output", output, "-debug", "0", "-threads", "1", "-iter", "1", "-size", "5", "-min-count", "1");
        if (FuzzRules.CliProblem(r, vocabFile) is { } cliProblem) return "training: " + cliProblem;
        if (r.Code != 0)
        {
            if (File.Exists(output)) return "training failed and left an output file";
            if (vocab == null && r.Stderr != "ERROR: " + error + "\n") return $"training says '{FuzzRules.Show(r.Stderr)}' where Vocabulary.Read says '{error}'";
            // A vocabulary that holds only the sentence token, or whose Huffman code passes word2vec's 40 bits, cannot be
            // trained: those errors are the ones allowed.
            if (vocab != null && vocab.Count >= 2 && r.Stderr != TreeError(vocab) + "\n")
                return $"training failed on a vocabulary Vocabulary.Read accepts: {FuzzRules.Show(r.Stderr)}";
            return null;
        }
        if (vocab == null) return "training succeeded where Vocabulary.Read refuses the file";
        var vectors = WordVectors.Load(output);
        if (vectors.Count != vocab.Count || vectors.Size != 5) return $"the output holds {vectors.Count} words of size {vectors.Size}, expected {vocab.Count} of size 5";
        return null;
    }

    /// <summary>Counts within 0..MaxCount, every entry after the first at least the min-count, distinct words, and
    /// train_words the sum of the counts.</summary>
    private static string? Invariants(Vocabulary v)
    {
        if (v.Count < 1) return "an empty vocabulary was accepted";
        long sum = 0;
        var seen = new HashSet<string>();
        for (int i = 0; i < v.Count; i++)
        {
            long c = v.Frequency(i);
            if (c < 0 || c > Vocabulary.MaxCount) return $"entry {i} has count {c}";
            if (i > 0 && c < 1) return $"entry {i} has count {c}, below the min-count";
            if (!seen.Add(Convert.ToHexString(v.Word(i)))) return $"entry {i} repeats a word";
            sum += c;
        }
        return v.TrainWords == sum ? null : $"train_words {v.TrainWords}, the counts sum to {sum}";
    }

    private const string OverflowError = "the words' counts add up to more than 9223372036854775807";

    /// <summary>Whether the counts add up to more than 64 bits hold (C's train_words would wrap): such a file is refused.</summary>
    private static bool Overflows(IReadOnlyList<(byte[] Word, long Count)> entries)
    {
        long sum = 0;
        foreach (var (_, c) in entries)
        {
            if (c > long.MaxValue - sum) return true;
            sum += c;
        }
        return false;
    }

    private static string? TreeError(Vocabulary v)
    {
        try
        {
            HuffmanTree.Build(v);
            return null;
        }
        catch (Word2VecException e)
        {
            return e.Message;
        }
    }

    /// <summary>The -save-vocab bytes of the entries once sorted and pruned as ReadVocab does.</summary>
    private static byte[] Expected(IReadOnlyList<(byte[] Word, long Count)> entries)
    {
        var v = Vocabulary.FromEntries(entries);
        v.Sort(1);
        return Saved(v);
    }

    private static byte[] Saved(Vocabulary v)
    {
        var ms = new MemoryStream();
        v.Save(ms);
        return ms.ToArray();
    }
}
