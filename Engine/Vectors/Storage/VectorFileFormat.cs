namespace Word2VecNative.Vectors;

/// <summary>Layout of a word-vectors file: the C tool's (and gensim's) binary or text format.</summary>
public enum VectorFileFormat
{
    /// <summary>Decide from the bytes after the first word (text numbers or raw floats).</summary>
    Auto,
    /// <summary>"words size\n" then per word: the word, a space, <c>size</c> little-endian floats (an optional newline).</summary>
    Binary,
    /// <summary>"words size\n" then per line: the word and <c>size</c> numbers separated by spaces.</summary>
    Text,
}
