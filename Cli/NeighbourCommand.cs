using System.Text;
using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary>
/// <c>word2vec distance FILE</c> and <c>word2vec word-analogy FILE</c>: distance.c and word-analogy.c, one loop. A
/// query line is read from standard input as bytes up to a newline (at most 1999 bytes, into a buffer that keeps
/// what longer earlier lines left, split at single spaces exactly as the C loop splits it); the words are looked
/// up as the programs look them up (<see cref="CToolQueries"/>), their rows printed, then the 40 best. distance
/// lists the words closest to the normalised sum of the query's unit vectors; word-analogy, for "a b c", those
/// closest to unit(b) - unit(a) + unit(c), with row 0 counting as out of the dictionary, as in C. Both stop at
/// "EXIT" or at the end of the input (where the C programs spin forever).
/// </summary>
internal static class NeighbourCommand
{
    private const int MaxSize = 2000;

    public static int Distance(VerbContext c) => Run(c, analogy: false);

    public static int WordAnalogy(VerbContext c) => Run(c, analogy: true);

    private static int Run(VerbContext c, bool analogy)
    {
        var stdout = c.Stdout;
        if (c.Args.Length < 1)
        {
            stdout.Write($"Usage: {c.ProgramName} <FILE>\nwhere FILE contains word projections in the BINARY FORMAT\n");
            return 0;
        }
        // C reads argv[1] and ignores the rest.
        var (args, notes) = CommandLineNotes.Positional(c.Args, 1, $"{(analogy ? "word-analogy" : "distance")} reads <FILE> only");
        notes.WriteTo(c.Stderr);
        var queries = new CToolQueries(LoadVectors(args[0]));
        var input = new QueryInput(c.Stdin, c.CancellationToken);
        int oov = analogy ? 0 : -1;
        while (true)
        {
            c.CancellationToken.ThrowIfCancellationRequested();
            stdout.Write(analogy ? "Enter three words (EXIT to break): " : "Enter word or sentence (EXIT to break): ");
            stdout.Flush();
            byte[] line;
            try
            {
                if (!input.ReadLine(out line))
                {
                    // End of input (Ctrl-D at a terminal): the shell's prompt goes on a line of its own.
                    if (!Console.IsInputRedirected) stdout.Write('\n');
                    break;
                }
            }
            catch (OperationCanceledException) when (c.CancellationToken.IsCancellationRequested)
            {
                // Ctrl-C at the prompt ends the program at once, as it ends the C program: no query runs.
                stdout.Write('\n');
                stdout.Flush();
                return Program.ExitInterrupted;
            }
            if (line.SequenceEqual("EXIT"u8)) break;
            var words = input.SplitWords();
            if (analogy && words.Count < 3)
            {
                stdout.Write($"Only {words.Count} words were entered.. three words are needed at the input to perform the calculation\n");
                continue;
            }
            var rows = new List<int>();
            int b = 0;
            foreach (var w in words)
            {
                b = queries.Find(w);
                if (b == -1) b = oov;
                rows.Add(b);
                stdout.Write($"\nWord: {Encoding.UTF8.GetString(w)}  Position in vocabulary: {b}\n");
                if (b == oov)
                {
                    stdout.Write("Out of dictionary word!\n");
                    break;
                }
            }
            if (b == oov) continue;
            stdout.Write(analogy
                ? "\n                                              Word              Distance\n------------------------------------------------------------------------\n"
                : "\n                                              Word       Cosine distance\n------------------------------------------------------------------------\n");
            var best = analogy ? queries.Analogy(rows[0], rows[1], rows[2]) : queries.Distance(rows);
            Print(stdout, queries, best, analogy ? 0f : -1f);
        }
        return 0;
    }

    /// <summary>Loads the vectors file argument (its first <paramref name="limit"/> words when &gt; 0); a missing file is the
    /// library's one-line message.</summary>
    internal static WordVectors LoadVectors(string arg, int limit = 0)
    {
        string path = VectorsPath(arg);
        try
        {
            return WordVectors.Load(path, VectorFileFormat.Auto, limit);
        }
        catch (FileNotFoundException e)
        {
            throw new CliError("ERROR: " + e.Message);
        }
    }

    /// <summary>The vectors file argument; an empty one is an error of the command line, not of the library.</summary>
    internal static string VectorsPath(string arg) => arg.Length > 0 ? arg : throw new CliError("ERROR: the vectors file name is empty");

    /// <summary>The 40 lines "%50s\t\t%f"; empty slots show an empty word and the list's start value.</summary>
    private static void Print(TextWriter stdout, CToolQueries queries, IReadOnlyList<Neighbour> best, float start)
    {
        var sb = new StringBuilder();
        for (int a = 0; a < CToolQueries.ListLength; a++)
        {
            if (a < best.Count) sb.Append(CText.PadLeft(queries.Word(best[a].Index), 50)).Append("\t\t").Append(Text.CFormat.Fixed(best[a].Similarity)).Append('\n');
            else sb.Append(' ', 50).Append("\t\t").Append(Text.CFormat.Fixed(start)).Append('\n');
        }
        stdout.Write(sb.ToString());
    }

    /// <summary>The programs' query buffer: <c>st1</c>, read with <c>fgetc</c> and split by their loop.</summary>
    private sealed class QueryInput(Stream stdin, CancellationToken cancellationToken)
    {
        private Task<int>? _read;

        private readonly byte[] _line = new byte[MaxSize];
        private readonly byte[] _buf = new byte[4096];
        private int _pos, _len;

        /// <summary>Reads one query line; false at the end of the input.</summary>
        public bool ReadLine(out byte[] line)
        {
            int n = 0;
            bool any = false;
            int ch;
            while ((ch = Next()) >= 0)
            {
                any = true;
                if (ch == '\n') break;
                _line[n++] = (byte)ch;
                if (n >= MaxSize - 1) break;
            }
            if (!any)
            {
                line = [];
                return false;
            }
            _line[n] = 0;
            line = _line[..n];
            return true;
        }

        private int Next()
        {
            if (_pos == _len)
            {
                _len = Read();
                _pos = 0;
                if (_len <= 0)
                {
                    _len = 0;
                    return -1;
                }
            }
            return _buf[_pos++];
        }

        /// <summary>A read of standard input that a cancellation interrupts: a terminal's read waits for a whole line,
        /// and a Ctrl-C must not wait for it (the read left waiting ends with the process).</summary>
        private int Read()
        {
            _read ??= stdin.ReadAsync(_buf, 0, _buf.Length, CancellationToken.None);
            try
            {
                if (!_read.IsCompleted) _read.Wait(cancellationToken);
            }
            catch (AggregateException)
            {
                // the read failed: GetResult below throws its exception
            }
            var done = _read;
            _read = null;
            return done.GetAwaiter().GetResult();
        }

        /// <summary>The C split of the last line read: copies a byte, then a following space starts a new word;
        /// a word ends at the first NUL it received (past a trailing space the loop reads what earlier lines left).</summary>
        public List<byte[]> SplitWords()
        {
            var words = new List<byte[]>();
            var cur = new List<byte>();
            bool ended = false;
            int c = 0;
            while (true)
            {
                byte ch = _line[c];
                if (ch == 0) ended = true;
                else if (!ended) cur.Add(ch);
                c++;
                if (c >= MaxSize || _line[c] == 0) break;
                if (_line[c] == ' ')
                {
                    words.Add(cur.ToArray());
                    cur.Clear();
                    ended = false;
                    c++;
                    if (c >= MaxSize) break;
                }
            }
            words.Add(cur.ToArray());
            return words;
        }
    }
}
