using System.Text;
using Word2VecNative.Training;
using Word2VecNative.Vectors;
using Word2VecNative.Vocab;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec demo</c>: the main job on built-in data. Prints the woodchuck vocabulary with its
/// Huffman codes (the C tool's CreateBinaryTree result), then trains skip-gram on a corpus generated from a
/// small grammar and prints the nearest neighbours of a few words.</summary>
internal static class DemoCommand
{
    public const string Woodchuck = "how much wood would a wood chuck chuck if a wood chuck could chuck wood\n";

    private static readonly string[][] s_classes =
    [
        ["cat", "dog", "horse", "cow", "sheep", "goat", "pig", "rabbit"],
        ["red", "green", "blue", "yellow", "purple", "orange", "black", "white"],
        ["apple", "bread", "cheese", "rice", "soup", "cake", "fish", "salad"],
        ["paris", "london", "berlin", "madrid", "rome", "vienna", "lisbon", "athens"],
        ["one", "two", "three", "four", "five", "six", "seven", "eight"],
    ];

    private static readonly string[][] s_templates =
    [
        ["the", "{1}", "{0}", "eats", "{2}"],
        ["a", "{0}", "sleeps", "near", "the", "{1}", "barn"],
        ["we", "travelled", "to", "{3}", "by", "train"],
        ["{3}", "is", "a", "city", "with", "{4}", "bridges"],
        ["i", "bought", "{4}", "{1}", "{2}", "today"],
        ["the", "farmer", "feeds", "{4}", "{0}", "every", "morning"],
        ["they", "cooked", "{2}", "in", "{3}", "last", "summer"],
        ["paint", "the", "fence", "{1}", "and", "the", "door", "{1}"],
    ];

    public static int Run(VerbContext c)
    {
        var stdout = c.Stdout;
        // A fresh private folder (random name, mode 700): nothing planted in the temporary folder is followed.
        string dir = Directory.CreateTempSubdirectory("word2vec-demo-").FullName;
        try
        {
            PrintWoodchuck(stdout);
            string corpusPath = Path.Combine(dir, "corpus.txt");
            File.WriteAllText(corpusPath, GenerateCorpus(20000, seed: 1), new UTF8Encoding(false));
            var o = new TrainingOptions { Cbow = false, Size = 50, Window = 4, Negative = 5, Sample = 0, MinCount = 1, Iterations = 5, Threads = Math.Max(1, Environment.ProcessorCount) };
            stdout.Write($"\nTraining skip-gram on a generated corpus ({new FileInfo(corpusPath).Length / 1024} KB)...\n");
            var model = Trainer.Train(o, corpusPath, cancellationToken: c.CancellationToken);
            stdout.Write($"Vocab size: {model.Vocabulary.Count}, words: {model.Vocabulary.TrainWords}\n\n");
            var vectors = WordVectors.FromModel(model);
            foreach (var q in new[] { "cat", "blue", "paris", "three", "cheese" })
            {
                var near = vectors.MostSimilar(q, topN: 4);
                stdout.Write($"{q,-8} -> {string.Join(", ", near.Select(n => $"{n.Word} ({n.Similarity:F3})"))}\n");
            }
            return 0;
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    internal static void PrintWoodchuck(TextWriter stdout)
    {
        using var ms = new MemoryStream(Encoding.ASCII.GetBytes(Woodchuck));
        var vocab = Vocabulary.Learn(ms, minCount: 1);
        var tree = HuffmanTree.Build(vocab);
        stdout.Write($"Woodchuck sample: {Woodchuck}");
        stdout.Write($"Vocab size: {vocab.Count}\nWords in train file: {vocab.TrainWords}\n");
        for (int i = 0; i < vocab.Count; i++)
        {
            string code = string.Concat(tree.Code(i).ToArray().Select(b => b == 0 ? '0' : '1'));
            stdout.Write($"{vocab.WordString(i)}: count {vocab.Frequency(i)}, code {code}, codelen {tree.CodeLength(i)}, points {string.Join(' ', tree.Points(i).ToArray())}\n");
        }
    }

    internal static string GenerateCorpus(int sentences, int seed)
    {
        var rnd = new Random(seed);
        var sb = new StringBuilder();
        for (int s = 0; s < sentences; s++)
        {
            var t = s_templates[rnd.Next(s_templates.Length)];
            var picks = new string[s_classes.Length];
            for (int c = 0; c < picks.Length; c++) picks[c] = s_classes[c][rnd.Next(s_classes[c].Length)];
            for (int i = 0; i < t.Length; i++)
            {
                if (i > 0) sb.Append(' ');
                string w = t[i];
                sb.Append(w.Length == 3 && w[0] == '{' ? picks[w[1] - '0'] : w);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }
}
