using System.Runtime.InteropServices;
using Word2VecNative.Text;
using Word2VecNative.Vocab;

namespace Word2VecNative.Vectors;

/// <summary>Writes word vectors exactly as word2vec.c does: a "words size" header line, then per word the raw word
/// bytes and a space, followed by either <c>size</c> little-endian floats (binary) or <c>size</c> times
/// <c>"%lf "</c> (text), and a newline.</summary>
internal static class VectorFileWriter
{
    internal delegate ReadOnlySpan<byte> WordAt(int index);

    internal delegate ReadOnlySpan<float> RowAt(int index);

    /// <summary>Writes <paramref name="words"/> (raw bytes) with their vectors (row-major, <paramref name="size"/> per word).</summary>
    public static void Write(Stream output, IReadOnlyList<byte[]> words, ReadOnlySpan<float> vectors, int size, bool binary)
    {
        ArgumentNullException.ThrowIfNull(words);
        Write(output, words.Count, i => words[i], vectors, size, binary);
    }

    /// <summary>Writes the words of <paramref name="vocabulary"/> with their vectors (row-major, <paramref name="size"/> per word).</summary>
    public static void Write(Stream output, Vocabulary vocabulary, ReadOnlySpan<float> vectors, int size, bool binary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        Write(output, vocabulary.Count, vocabulary.Word, vectors, size, binary);
    }

    private static void Write(Stream output, int count, WordAt word, ReadOnlySpan<float> vectors, int size, bool binary)
    {
        if (size <= 0) Throw.Argument(nameof(size), "size must be positive");
        if ((long)count * size != vectors.Length) Throw.Argument(nameof(vectors), "vectors must hold words * size floats");
        unsafe
        {
            fixed (float* v = vectors)
            {
                nint m = (nint)v;
                Write(output, count, word, i => new ReadOnlySpan<float>((float*)m + (long)i * size, size), size, binary);
            }
        }
    }

    /// <summary>Writes <paramref name="count"/> words and rows given one at a time.</summary>
    internal static void Write(Stream output, int count, WordAt word, RowAt rowAt, int size, bool binary)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (size <= 0) Throw.Argument(nameof(size), "size must be positive");
        if (binary && !BitConverter.IsLittleEndian) Throw.Input("big-endian machines are not supported for binary vectors");
        var buffered = output as BufferedStream ?? new BufferedStream(output, 1 << 20);
        WriteAscii(buffered, $"{count} {size}\n");
        Span<byte> num = stackalloc byte[CFormat.MaxFixedLength + 1];
        for (int a = 0; a < count; a++)
        {
            buffered.Write(word(a));
            buffered.WriteByte((byte)' ');
            var row = rowAt(a);
            if (binary)
            {
                buffered.Write(MemoryMarshal.AsBytes(row));
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

    /// <summary>Writes "word class\n" lines (the C tool's -classes output).</summary>
    public static void WriteClasses(Stream output, Vocabulary vocabulary, ReadOnlySpan<int> classes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (classes.Length != vocabulary.Count) Throw.Argument(nameof(classes), "one class per word");
        var buffered = new BufferedStream(output, 1 << 16);
        for (int a = 0; a < vocabulary.Count; a++)
        {
            buffered.Write(vocabulary.Word(a));
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
