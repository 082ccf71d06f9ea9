using System.Text;
using Word2VecNative.Vectors;

namespace Word2VecNative.Cli;

/// <summary>What distance.c and word-analogy.c share: loading, the query line (read up to a newline, at most
/// 1999 bytes, into a buffer that keeps what longer earlier lines left), the split into words at single
/// spaces exactly as their loop does, and the 40-line result list.</summary>
internal sealed class NeighbourQueries
{
    public const int N = 40;
    private const int MaxSize = 2000;

    private readonly byte[] _line = new byte[MaxSize];
    private readonly TextReader _stdin;

    public NeighbourQueries(string path, TextReader stdin)
    {
        Vectors = WordVectors.Load(path);
        Table = new CWordTable(Vectors, Vectors.Count, upperCase: false);
        _stdin = stdin;
    }

    public WordVectors Vectors { get; }
    public CWordTable Table { get; }

    /// <summary>Reads one query line; false at the end of the input (where the C programs would spin forever).</summary>
    public bool ReadLine(out byte[] line)
    {
        var sb = new StringBuilder();
        int c;
        bool any = false;
        int bytes0 = 0;
        while ((c = _stdin.Read()) >= 0)
        {
            any = true;
            if (c == '\n') break;
            sb.Append((char)c);
            bytes0 += c < 0x80 ? 1 : c < 0x800 || char.IsSurrogate((char)c) ? 2 : 3;
            if (bytes0 >= MaxSize - 1) break;
        }
        if (!any)
        {
            line = [];
            return false;
        }
        byte[] bytes = Encoding.UTF8.GetBytes(sb.ToString());
        int n = Math.Min(bytes.Length, MaxSize - 1);
        bytes.AsSpan(0, n).CopyTo(_line);
        _line[n] = 0;
        line = bytes[..n];
        return true;
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

    /// <summary>C's sum-of-squares, sqrt and division.</summary>
    public static void Normalize(float[] v)
    {
        float len = 0;
        for (int a = 0; a < v.Length; a++) len += v[a] * v[a];
        len = (float)Math.Sqrt(len);
        for (int a = 0; a < v.Length; a++) v[a] /= len;
    }

    /// <summary>Prints the 40 lines "%50s\t\t%f"; empty slots show an empty word and the list's start value.</summary>
    public void PrintBest(TextWriter stdout, float[] vec, float start, int[] exclude)
    {
        var hits = Vectors.Search(vec, N, start, exclude, Vectors.Count);
        var sb = new StringBuilder();
        for (int a = 0; a < N; a++)
        {
            if (a < hits.Length) sb.Append(CText.PadLeft(Table.View(hits[a].Index), 50)).Append("\t\t").Append(CText.F(hits[a].Score)).Append('\n');
            else sb.Append(' ', 50).Append("\t\t").Append(CText.F(start)).Append('\n');
        }
        stdout.Write(sb.ToString());
    }
}
