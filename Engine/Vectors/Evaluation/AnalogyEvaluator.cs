using System.Text;
using Word2VecNative.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// compute-accuracy.c: questions "a b c d" are read as whitespace-separated tokens (scanf "%s"), upper-cased and
/// looked up in the first <c>threshold</c> words (as the program sees them: <see cref="CToolQueries"/>); the answer
/// is the word with the highest dot product between its unit vector and unit(b) - unit(a) + unit(c), a, b and
/// c excluded, counted correct when it equals d. A token ":" (or "EXIT") starts a section whose name is the
/// next token; the first five sections are semantic, the rest syntactic. The program's quirks are kept: a
/// section's line uses a question count of 1 when it has none, and end of input is noticed as scanf does.
/// Scores are computed with SIMD dot products; the candidates within a small margin of the best are then scored
/// again in the C program's order of float operations (<see cref="CListSearch"/>), so the chosen word is the one
/// the program picks. With <c>skipCaseVariants</c> the answer is chosen as gensim's evaluate_word_analogies
/// chooses it (gensim 4.2): of the five best words (a, b and c excluded), the first whose upper-case form is not
/// one of the question words; a case variant of a question word ("Paris" when "paris" is asked) is passed over
/// instead of being the (wrong) answer.
/// </summary>
internal static class AnalogyEvaluator
{
    /// <summary>gensim's evaluate_word_analogies looks at its five best candidates.</summary>
    private const int GensimCandidates = 5;

    /// <summary>Runs the evaluation on questions read as bytes, writing compute-accuracy's lines to <paramref name="log"/>
    /// as they come. Without a log, a text without questions is an error.</summary>
    public static AnalogyReport Evaluate(WordVectors vectors, Stream questions, int threshold, TextWriter? log, bool skipCaseVariants = false)
    {
        var table = new CToolQueries(vectors, threshold, upperCase: true);
        int words = table.Count;
        var store = vectors.Store;
        using var lease = store.Acquire();
        int size = store.Size;
        var output = log;
        var scanner = new Scanner(questions);
        var sections = new List<AnalogySection>();
        string? section = null;
        byte[] st1 = [], st2 = [], st3 = [], st4 = [];
        int tcn = 0, ccn = 0, tacn = 0, cacn = 0, secn = 0, sycn = 0, seac = 0, syac = 0, qid = 0, tq = 0, tqs = 0;
        var vec = new float[size];
        var scores = new float[words];
        while (true)
        {
            st1 = Upper(scanner.Next(st1));
            if (Is(st1, ":"u8) || Is(st1, "EXIT"u8) || scanner.Eof)
            {
                if (section != null) sections.Add(new AnalogySection(section, ccn, tcn));
                if (tcn == 0) tcn = 1;
                if (qid != 0 && output != null)
                {
                    output.Write($"ACCURACY TOP1: {F2(ccn / (float)tcn * 100)} %  ({ccn} / {tcn})\n");
                    output.Write($"Total accuracy: {F2(cacn / (float)tacn * 100)} %   Semantic accuracy: {F2(seac / (float)secn * 100)} %   Syntactic accuracy: {F2(syac / (float)sycn * 100)} % \n");
                }
                qid++;
                st1 = scanner.Next(st1);
                if (scanner.Eof) break;
                section = Encoding.UTF8.GetString(st1);
                output?.Write($"{section}:\n");
                tcn = 0;
                ccn = 0;
                continue;
            }
            st2 = Upper(scanner.Next(st2));
            st3 = Upper(scanner.Next(st3));
            st4 = Upper(scanner.Next(st4));
            int b1 = table.Find(st1), b2 = table.Find(st2), b3 = table.Find(st3);
            tq++;
            if (b1 < 0 || b2 < 0 || b3 < 0) continue;
            int b4 = table.Find(st4);
            if (b4 < 0) continue;
            UnitLength.Analogy(store, b1, b2, b3, vec);
            tqs++;
            bool correct;
            if (skipCaseVariants)
            {
                // gensim: most_similar(topn=5), then the first whose upper-case form is no question word; when all
                // five are, the last one stands (and is right only if the expected word is a question word).
                var found = CListSearch.Best(store, vec, GensimCandidates, float.NegativeInfinity, [b1, b2, b3], words, scores);
                int predicted = -1;
                foreach (var (index, _) in found)
                {
                    predicted = table.Find(table.Word(index));
                    if (predicted != b1 && predicted != b2 && predicted != b3) break;
                }
                correct = predicted == b4;
            }
            else
            {
                var found = CListSearch.Best(store, vec, 1, 0f, [b1, b2, b3], words, scores);
                int best = found.Length > 0 ? found[0].Index : -1;
                correct = best >= 0 ? table.Find(table.Word(best)) == b4 : st4.Length == 0;
            }
            if (correct)
            {
                ccn++;
                cacn++;
                if (qid <= 5) seac++; else syac++;
            }
            if (qid <= 5) secn++; else sycn++;
            tcn++;
            tacn++;
        }
        output?.Write($"Questions seen / total: {tqs} {tq}   {F2(tqs / (float)tq * 100)} % \n");
        if (log == null && tq == 0) Throw.Input("the questions file holds no questions");
        return new AnalogyReport(sections, seac, secn, syac, sycn, tqs, tq);
    }

    private static bool Is(byte[] s, ReadOnlySpan<byte> what) => s.AsSpan().SequenceEqual(what);

    private static byte[] Upper(byte[] s)
    {
        var u = (byte[])s.Clone();
        CToolQueries.ToUpper(u);
        return u;
    }

    private static string F2(float v) => CFormat.Fixed(v, 2);

    /// <summary>scanf("%s") on bytes: skips white space (C's isspace), reads a token; a failed read leaves the
    /// previous token; <see cref="Eof"/> becomes (and stays) true once the end of the input is met.</summary>
    private sealed class Scanner(Stream stream)
    {
        private readonly byte[] _buf = new byte[1 << 16];
        private readonly List<byte> _token = [];
        private int _pos, _len;

        public bool Eof { get; private set; }

        public byte[] Next(byte[] previous)
        {
            if (Eof) return previous;
            int c;
            while ((c = Read()) >= 0 && IsSpace(c)) { }
            if (c < 0)
            {
                Eof = true;
                return previous;
            }
            _token.Clear();
            do
            {
                _token.Add((byte)c);
                c = Read();
            } while (c >= 0 && !IsSpace(c));
            if (c < 0) Eof = true;
            return _token.ToArray();
        }

        private int Read()
        {
            if (_pos == _len)
            {
                _len = stream.Read(_buf, 0, _buf.Length);
                _pos = 0;
                if (_len <= 0)
                {
                    _len = 0;
                    return -1;
                }
            }
            return _buf[_pos++];
        }

        private static bool IsSpace(int c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
    }
}
