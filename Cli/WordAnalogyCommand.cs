namespace Word2VecNative.Cli;

/// <summary><c>word2vec word-analogy FILE</c>: word-analogy.c. For "a b c" prints the 40 words closest to
/// unit(b) - unit(a) + unit(c) (normalised), the three excluded, scores above 0 only. As in C, row 0 counts as
/// out of the dictionary. Stops at "EXIT" or at the end of the input.</summary>
internal static class WordAnalogyCommand
{
    public static int Run(string[] args, TextWriter stdout, TextReader stdin)
    {
        if (args.Length < 1)
        {
            stdout.Write("Usage: ./word-analogy <FILE>\nwhere FILE contains word projections in the BINARY FORMAT\n");
            return 0;
        }
        var q = new NeighbourQueries(args[0], stdin);
        int size = q.Vectors.Size;
        var unit = q.Vectors.UnitMatrix;
        while (true)
        {
            stdout.Write("Enter three words (EXIT to break): ");
            stdout.Flush();
            if (!q.ReadLine(out var line)) break;
            if (line.AsSpan().SequenceEqual("EXIT"u8)) break;
            var words = q.SplitWords();
            if (words.Count < 3)
            {
                stdout.Write($"Only {words.Count} words were entered.. three words are needed at the input to perform the calculation\n");
                continue;
            }
            var bi = new List<int>();
            int b = 0;
            foreach (var w in words)
            {
                b = q.Table.Find(w);
                if (b == -1) b = 0;
                bi.Add(b);
                stdout.Write($"\nWord: {System.Text.Encoding.UTF8.GetString(w)}  Position in vocabulary: {b}\n");
                if (b == 0)
                {
                    stdout.Write("Out of dictionary word!\n");
                    break;
                }
            }
            if (b == 0) continue;
            stdout.Write("\n                                              Word              Distance\n------------------------------------------------------------------------\n");
            var vec = new float[size];
            for (int a = 0; a < size; a++) vec[a] = unit[a + bi[1] * size] - unit[a + bi[0] * size] + unit[a + bi[2] * size];
            NeighbourQueries.Normalize(vec);
            q.PrintBest(stdout, vec, 0f, [bi[0], bi[1], bi[2]]);
        }
        return 0;
    }
}
