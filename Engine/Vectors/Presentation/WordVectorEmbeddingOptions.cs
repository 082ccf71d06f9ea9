using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// How <see cref="WordVectorEmbeddingGenerator"/> turns a text into the words it looks up: a
/// <see cref="Tokenizer"/> splits the text, then <see cref="LowerCase"/> may lower-case each word. The default
/// (<see cref="SplitAndTrimPunctuation"/>, no lower-casing) splits at white space, strips punctuation from both
/// ends of each word and looks the words up with their case as written.
/// </summary>
public sealed record WordVectorEmbeddingOptions
{
    /// <summary>Splits a text into words; null (the default) is <see cref="SplitAndTrimPunctuation"/>, with one addition
    /// the generator makes because it knows the vocabulary: punctuation is taken off a piece's ends only as far as
    /// needed to find a word the vocabulary holds (after lower-casing, when asked): <c>U.S.</c>, <c>C#,</c> and
    /// <c>(#tag)</c> give <c>U.S.</c>, <c>C#</c> and <c>#tag</c> in a vocabulary that has them; a piece with no
    /// such form loses all the punctuation at its ends.
    /// <see cref="SplitAtWhiteSpace"/> is the word2vec tools' own split, with no punctuation handling. Empty and null
    /// words it returns are passed over.</summary>
    public Func<string, IEnumerable<string>>? Tokenizer { get; init; }

    /// <summary>Lower-cases each word the tokenizer returns (<see cref="string.ToLowerInvariant"/>) before it is
    /// looked up: for vocabularies in lower case, such as text8's ("Paris" is then found as "paris"). False by
    /// default: words are looked up as written, as the vocabulary of a cased model (GoogleNews) needs.</summary>
    public bool LowerCase { get; init; }

    /// <summary>The default tokenizer: splits at white space (every character <see cref="char.IsWhiteSpace(char)"/>
    /// accepts: space, tab, line breaks, no-break space...) and strips the punctuation at both ends of each piece,
    /// that is every character of a Unicode punctuation category (<see cref="Rune.IsPunctuation(Rune)"/>: <c>. , ; :
    /// ! ? ' " ( ) [ ] { } - _ / \ @ # % &amp; *</c>, dashes and typographic quotes). Punctuation inside a word stays
    /// (<c>don't</c>, <c>e.g</c>, <c>new_york</c>); symbols (<c>$ + &lt; = &gt; ^ | ~</c>) are not punctuation and stay;
    /// a piece made of punctuation only (<c>--</c>, <c>...</c>) is dropped. Case is left as written.
    /// <c>"Paris is a city in France."</c> gives <c>Paris is a city in France</c>.</summary>
    public static IEnumerable<string> SplitAndTrimPunctuation(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var piece in SplitAtAnyWhiteSpace(text))
        {
            string word = TrimPunctuation(piece);
            if (word.Length > 0) yield return word;
        }
    }

    /// <summary>The pieces of <paramref name="text"/> between white space of any kind.</summary>
    internal static string[] SplitAtAnyWhiteSpace(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary><paramref name="piece"/> without the punctuation at its ends (empty when it is all punctuation).</summary>
    internal static string TrimPunctuation(string piece) => Trim(piece, null);

    /// <summary>The least trimmed form of <paramref name="piece"/> that <paramref name="known"/> accepts, taking
    /// punctuation off its start and end one character at a time (at most <see cref="MaxCuts"/> on each side, fewer
    /// from the start first: <c>(U.S.),</c> is <c>U.S.</c> when that is known); when none is known, or without
    /// <paramref name="known"/>, the piece without all the punctuation at its ends.</summary>
    internal static string Trim(string piece, Func<string, bool>? known)
    {
        Span<int> starts = stackalloc int[MaxCuts + 1], ends = stackalloc int[MaxCuts + 1];
        int nStarts = 1, nEnds = 1;
        starts[0] = 0;
        ends[0] = piece.Length;
        int start = 0, end = piece.Length;
        while (start < end && Rune.DecodeFromUtf16(piece.AsSpan(start, end - start), out var r, out int n) == System.Buffers.OperationStatus.Done && Rune.IsPunctuation(r))
        {
            start += n;
            if (nStarts <= MaxCuts) starts[nStarts++] = start;
        }
        while (start < end && Rune.DecodeLastFromUtf16(piece.AsSpan(start, end - start), out var r, out int n) == System.Buffers.OperationStatus.Done && Rune.IsPunctuation(r))
        {
            end -= n;
            if (nEnds <= MaxCuts) ends[nEnds++] = end;
        }
        if (known != null)
        {
            for (int i = 0; i < nStarts; i++)
            {
                for (int j = 0; j < nEnds; j++)
                {
                    if (ends[j] <= starts[i]) break;
                    string candidate = piece[starts[i]..ends[j]];
                    if (known(candidate)) return candidate;
                }
            }
        }
        return start == 0 && end == piece.Length ? piece : piece[start..end];
    }

    /// <summary>How many characters of punctuation are tried off each end of a piece before all are taken off.</summary>
    private const int MaxCuts = 8;

    /// <summary>The word2vec tools' split, the generator's only one before the options existed: words are separated
    /// by spaces, tabs, carriage returns and newlines, and kept exactly as written, punctuation and all
    /// (<c>"France."</c> is looked up as <c>France.</c>).</summary>
    public static IEnumerable<string> SplitAtWhiteSpace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Split(s_word2vecSeparators, StringSplitOptions.RemoveEmptyEntries);
    }

    private static readonly char[] s_word2vecSeparators = [' ', '\t', '\r', '\n'];
}
