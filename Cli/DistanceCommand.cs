using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary><c>word2vec distance FILE</c>: distance.c. Reads a line of words, prints their rows, then the 40 words
/// closest (cosine) to the normalised sum of their unit vectors, the query words excluded. Stops at "EXIT" or
/// at the end of the input.</summary>
internal static class DistanceCommand
{
    public static int Run(string[] args, TextWriter stdout, TextReader stdin)
    {
        if (args.Length < 1)
        {
            stdout.Write("Usage: ./distance <FILE>\nwhere FILE contains word projections in the BINARY FORMAT\n");
            return 0;
        }
        var q = new NeighbourQueries(args[0], stdin);
        int size = q.Vectors.Size;
        var unit = q.Vectors.UnitMatrix;
        while (true)
        {
            stdout.Write("Enter word or sentence (EXIT to break): ");
            stdout.Flush();
            if (!q.ReadLine(out var line)) break;
            if (line.AsSpan().SequenceEqual("EXIT"u8)) break;
            var words = q.SplitWords();
            var bi = new List<int>();
            int b = 0;
            foreach (var w in words)
            {
                b = q.Table.Find(w);
                bi.Add(b);
                stdout.Write($"\nWord: {System.Text.Encoding.UTF8.GetString(w)}  Position in vocabulary: {b}\n");
                if (b == -1)
                {
                    stdout.Write("Out of dictionary word!\n");
                    break;
                }
            }
            if (b == -1) continue;
            stdout.Write("\n                                              Word       Cosine distance\n------------------------------------------------------------------------\n");
            var vec = new float[size];
            foreach (int i in bi)
                for (int a = 0; a < size; a++) vec[a] += unit[a + i * size];
            NeighbourQueries.Normalize(vec);
            q.PrintBest(stdout, vec, -1f, bi.Distinct().ToArray());
        }
        return 0;
    }
}
