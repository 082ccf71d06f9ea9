using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>Writes word vectors exactly as word2vec.c does: a "words size" header line, then per word the raw word
/// bytes and a space, followed by either <c>size</c> little-endian floats (binary) or <c>size</c> times
/// <c>"%lf "</c> (text), and a newline.</summary>
public static class VectorFileWriter
{
    public static void Write(Stream output, IReadOnlyList<byte[]> words, ReadOnlySpan<float> vectors, int size, bool binary)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(words);
        if (size <= 0) Throw.Argument(nameof(size), "size must be positive");
        if ((long)words.Count * size != vectors.Length) Throw.Argument(nameof(vectors), "vectors must hold words * size floats");
        var buffered = output as BufferedStream ?? new BufferedStream(output, 1 << 20);
        WriteAscii(buffered, $"{words.Count} {size}\n");
        Span<byte> num = stackalloc byte[512];
        for (int a = 0; a < words.Count; a++)
        {
            buffered.Write(words[a]);
            buffered.WriteByte((byte)' ');
            var row = vectors.Slice(a * size, size);
            if (binary)
            {
                buffered.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(row));
                if (!BitConverter.IsLittleEndian) Throw.Input("ERROR: big-endian machines are not supported for binary vectors");
            }
            else
            {
                for (int b = 0; b < size; b++)
                {
                    int n = CFormat.FormatFixed(row[b], 6, num);
                    num[n++] = (byte)' ';
                    buffered.Write(num[..n]);
                }
            }
            buffered.WriteByte((byte)'\n');
        }
        buffered.Flush();
    }

    public static void Write(Stream output, Vocabulary vocabulary, ReadOnlySpan<float> vectors, int size, bool binary) =>
        Write(output, vocabulary.WordBytes(), vectors, size, binary);

    /// <summary>Writes "word class\n" lines (the C tool's -classes output).</summary>
    public static void WriteClasses(Stream output, IReadOnlyList<byte[]> words, ReadOnlySpan<int> classes)
    {
        var buffered = new BufferedStream(output, 1 << 16);
        for (int a = 0; a < words.Count; a++)
        {
            buffered.Write(words[a]);
            WriteAscii(buffered, $" {classes[a]}\n");
        }
        buffered.Flush();
    }

    private static void WriteAscii(Stream s, string text)
    {
        Span<byte> b = stackalloc byte[text.Length];
        for (int i = 0; i < text.Length; i++) b[i] = (byte)text[i];
        s.Write(b);
    }
}
