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
    /// <summary>Splits a text into words; null (the default) is <see cref="SplitAndTrimPunctuation"/>.
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
        foreach (var piece in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            int start = 0, end = piece.Length;
            while (start < end && Rune.DecodeFromUtf16(piece.AsSpan(start, end - start), out var r, out int n) == System.Buffers.OperationStatus.Done && Rune.IsPunctuation(r))
                start += n;
            while (start < end && Rune.DecodeLastFromUtf16(piece.AsSpan(start, end - start), out var r, out int n) == System.Buffers.OperationStatus.Done && Rune.IsPunctuation(r))
                end -= n;
            if (start < end) yield return piece[start..end];
        }
    }

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
