using System.Text;

namespace Word2VecNative.PackageCheck;

/// <summary>The corpus.txt that the READMEs' examples train on, and the cities it names.</summary>
internal static class Given
{
    public static readonly string[] Cities = ["paris", "london", "berlin", "madrid", "rome", "vienna", "lisbon", "athens"];

    private static readonly string[][] s_classes =
    [
        ["cat", "dog", "horse", "cow", "sheep", "goat"],
        ["red", "green", "blue", "yellow", "black", "white"],
        ["apple", "bread", "cheese", "rice", "soup", "cake"],
        Cities,
        ["two", "three", "four", "five", "six", "seven"],
    ];

    private static readonly string[][] s_templates =
    [
        ["the", "{1}", "{0}", "eats", "{2}"],
        ["a", "{0}", "sleeps", "in", "the", "{1}", "barn"],
        ["we", "took", "the", "train", "to", "{3}"],
        ["{3}", "has", "{4}", "old", "bridges"],
        ["she", "bought", "{4}", "{1}", "{2}", "in", "{3}"],
        ["the", "farmer", "keeps", "{4}", "{0}"],
    ];

    /// <summary>Writes corpus.txt, <paramref name="count"/> sentences of the same patterns, to the current folder.</summary>
    public static void WriteCorpus(int count) =>
        File.WriteAllLines("corpus.txt", Sentences(count, seed: 7).Select(s => string.Join(' ', s)), new UTF8Encoding(false));

    private static string[][] Sentences(int count, int seed)
    {
        var rnd = new Random(seed);
        var result = new string[count][];
        for (int s = 0; s < count; s++)
        {
            var template = s_templates[rnd.Next(s_templates.Length)];
            var picks = s_classes.Select(c => c[rnd.Next(c.Length)]).ToArray();
            result[s] = template.Select(w => w.Length == 3 && w[0] == '{' ? picks[w[1] - '0'] : w).ToArray();
        }
        return result;
    }
}
