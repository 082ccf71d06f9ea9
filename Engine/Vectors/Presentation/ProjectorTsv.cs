using System.Text;

namespace Word2VecNative.Vectors;

/// <summary>
/// Word vectors as the TensorFlow Embedding Projector (projector.tensorflow.org, TensorBoard's projector) loads
/// them: a vectors TSV (one row per word, its components separated by tabs, no header) and a metadata TSV (one word
/// per line, no header: a single column has none), as gensim's <c>scripts/word2vec2tensor.py</c> writes them. Each
/// component is written as gensim writes it, numpy's <c>str</c> of the float (<see cref="PythonFloat"/>: the
/// shortest text that reads back as the same float). The words are written as stored (UTF-8), except what would
/// break the metadata file: a tab, newline or carriage return is written as <c>\t</c>, <c>\n</c> or <c>\r</c>
/// (gensim writes it raw: a tab makes the projector read the first line as a header of several columns, a newline
/// shifts every later label), and a word the projector would pass over as a blank line (the empty word, or one of
/// white space only, as JavaScript's <c>trim()</c> sees it) is written as <c>\0</c> or as <c>\uXXXX</c> escapes.
/// </summary>
internal static class ProjectorTsv
{
    /// <summary>Writes the first <paramref name="rows"/> rows of <paramref name="store"/> to the two streams.</summary>
    public static void Write(VectorStore store, int rows, Stream vectors, Stream metadata, CancellationToken cancellationToken = default)
    {
        int size = store.Size;
        var line = new byte[size * (PythonFloat.MaxLength + 1) + 1];
        for (int i = 0; i < rows; i++)
        {
            if ((i & 1023) == 0) cancellationToken.ThrowIfCancellationRequested();
            var row = store.Row(i);
            int n = 0;
            for (int k = 0; k < size; k++)
            {
                if (k > 0) line[n++] = (byte)'\t';
                n += PythonFloat.Write(row[k], line.AsSpan(n));
            }
            line[n++] = (byte)'\n';
            vectors.Write(line, 0, n);
            WriteWord(metadata, store.WordBytes(i));
            metadata.WriteByte((byte)'\n');
        }
    }

    /// <summary>One word of the metadata file (see the class's summary for the escapes).</summary>
    internal static void WriteWord(Stream metadata, ReadOnlySpan<byte> word)
    {
        if (word.IsEmpty)
        {
            metadata.Write(@"\0"u8);
            return;
        }
        if (IsBlank(word))
        {
            foreach (char c in Encoding.UTF8.GetString(word)) metadata.Write(Encoding.ASCII.GetBytes($"\\u{(int)c:X4}"));
            return;
        }
        int start = 0;
        for (int i = 0; i < word.Length; i++)
        {
            ReadOnlySpan<byte> escape = word[i] switch
            {
                (byte)'\t' => @"\t"u8,
                (byte)'\n' => @"\n"u8,
                (byte)'\r' => @"\r"u8,
                _ => default,
            };
            if (escape.IsEmpty) continue;
            metadata.Write(word[start..i]);
            metadata.Write(escape);
            start = i + 1;
        }
        metadata.Write(word[start..]);
    }

    /// <summary>True when JavaScript's <c>String.prototype.trim</c> leaves nothing of the word (the projector skips
    /// such a line): ECMAScript's WhiteSpace and LineTerminator characters.</summary>
    private static bool IsBlank(ReadOnlySpan<byte> word)
    {
        foreach (char c in Encoding.UTF8.GetString(word))
        {
            bool white = c is '\t' or '\n' or '\v' or '\f' or '\r' or ' ' or '\u00A0' or '\u1680' or (>= '\u2000' and <= '\u200A')
                or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\uFEFF';
            if (!white) return false;
        }
        return true;
    }
}
