using System.Globalization;
using System.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Parity.Infrastructure;

/// <summary>
/// One line per vocabulary entry: raw word bytes, a tab, then count, code length, code bits and the points
/// (point[0..codelen], leaf included). Produced by a C harness built on word2vec.c and by our engine, then
/// compared byte for byte.
/// </summary>
internal static class VocabDump
{
    /// <summary>The harness over a copy of word2vec.c whose vocab_hash_size is <paramref name="hashSize"/> (so that
    /// ReduceVocab runs on small corpora, and clearing the table costs nothing), kept under .reference/.</summary>
    public static string HashSizeHarness(CTool tool, int hashSize)
    {
        string src = File.ReadAllText(Path.Combine(tool.SourceDir, "word2vec.c"));
        const string original = "const int vocab_hash_size = 30000000;";
        NUnit.Framework.Assert.That(src, NUnit.Framework.Does.Contain(original), "word2vec.c no longer declares vocab_hash_size as expected");
        string dir = Path.Combine(RepoPaths.Reference, "harness");
        Directory.CreateDirectory(dir);
        string copy = Path.Combine(dir, $"word2vec-hash{hashSize}.c");
        string modified = src.Replace(original, $"const int vocab_hash_size = {hashSize};", StringComparison.Ordinal);
        if (!File.Exists(copy) || File.ReadAllText(copy) != modified) File.WriteAllText(copy, modified);
        return tool.CompileHarness($"vocabdump-hash{hashSize}", HarnessSource(copy));
    }

    /// <summary>The C side: includes word2vec.c (or a modified copy), learns or reads the vocabulary as main
    /// does, builds the tree and prints it. Arguments: train file, min-count, optional vocabulary file to read.</summary>
    public static string HarnessSource(string include = "word2vec.c") => $$"""
        #define main w2v_main
        #include "{{include}}"
        #undef main

        int main(int argc, char **argv) {
          long long a;
          int b;
          strcpy(train_file, argv[1]);
          min_count = atoi(argv[2]);
          if (argc > 3) strcpy(read_vocab_file, argv[3]);
          debug_mode = 0;
          vocab = (struct vocab_word *)calloc(vocab_max_size, sizeof(struct vocab_word));
          vocab_hash = (int *)calloc(vocab_hash_size, sizeof(int));
          if (read_vocab_file[0] != 0) ReadVocab(); else LearnVocabFromTrainFile();
          CreateBinaryTree();
          printf("size %lld words %lld\n", vocab_size, train_words);
          for (a = 0; a < vocab_size; a++) {
            fwrite(vocab[a].word, 1, strlen(vocab[a].word), stdout);
            printf("\t%lld %d ", vocab[a].cn, vocab[a].codelen);
            for (b = 0; b < vocab[a].codelen; b++) putchar('0' + vocab[a].code[b]);
            for (b = 0; b <= vocab[a].codelen; b++) printf(" %d", vocab[a].point[b]);
            putchar('\n');
          }
          return 0;
        }
        """;

    /// <summary>The same listing from our vocabulary and tree.</summary>
    public static byte[] Ours(Vocabulary vocab)
    {
        var tree = HuffmanTree.Build(vocab);
        var ms = new MemoryStream();
        void W(string s) => ms.Write(Encoding.ASCII.GetBytes(s));
        W(string.Create(CultureInfo.InvariantCulture, $"size {vocab.Count} words {vocab.TrainWords}\n"));
        for (int a = 0; a < vocab.Count; a++)
        {
            ms.Write(vocab.Word(a));
            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"\t{vocab.Frequency(a)} {tree.CodeLength(a)} ");
            foreach (byte c in tree.Code(a)) sb.Append((char)('0' + c));
            foreach (int p in tree.PointsWithLeaf(a)) sb.Append(CultureInfo.InvariantCulture, $" {p}");
            sb.Append('\n');
            W(sb.ToString());
        }
        return ms.ToArray();
    }

    /// <summary>Runs a built harness.</summary>
    public static byte[] C(string harness, string trainFile, int minCount, string? readVocab = null)
    {
        var args = new List<string> { trainFile, minCount.ToString(CultureInfo.InvariantCulture) };
        if (readVocab != null) args.Add(readVocab);
        return ProcessRunner.RunChecked(harness, args, timeoutSeconds: 300).Stdout;
    }
}

/// <summary>Byte comparison with a readable failure: the first differing line of both sides.</summary>
internal static class Bytes
{
    public static void AssertEqual(byte[] expected, byte[] actual, string what)
    {
        if (expected.AsSpan().SequenceEqual(actual)) return;
        int i = expected.AsSpan().CommonPrefixLength(actual);
        int lineStart = i;
        while (lineStart > 0 && expected[lineStart - 1] != '\n') lineStart--;
        int line = expected.AsSpan(0, i).Count((byte)'\n') + 1;
        NUnit.Framework.Assert.Fail($"{what}: differs at byte {i} (line {line}; lengths {expected.Length} vs {actual.Length})\n" +
            $"C:    {Show(expected, lineStart)}\nours: {Show(actual, lineStart)}");
    }

    private static string Show(byte[] b, int start)
    {
        if (start >= b.Length) return "<end>";
        int end = Array.IndexOf(b, (byte)'\n', start);
        if (end < 0) end = b.Length;
        end = Math.Min(end, start + 300);
        return Encoding.UTF8.GetString(b, start, end - start).Replace("\t", "\\t", StringComparison.Ordinal);
    }
}
