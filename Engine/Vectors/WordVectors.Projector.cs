namespace Word2VecNative.Vectors;

public sealed partial class WordVectors
{
    /// <summary>
    /// Writes the vectors for the TensorFlow Embedding Projector (projector.tensorflow.org; TensorBoard's projector):
    /// <paramref name="vectorsPath"/> gets one line per word with its components separated by tabs, and
    /// <paramref name="metadataPath"/> one word per line, in the same order; neither has a header (a single metadata
    /// column has none). Both are what gensim's <c>scripts/word2vec2tensor.py</c> writes for the same file (its
    /// <c>PREFIX_tensor.tsv</c> and <c>PREFIX_metadata.tsv</c>), byte for byte: each component as numpy prints a
    /// float32 (the shortest text that reads back as the same float: <c>0.0123</c>, <c>-1.5e-05</c>), each word as
    /// stored (UTF-8), except that a tab, newline or carriage return in a word is written as <c>\t</c>, <c>\n</c> or
    /// <c>\r</c>, the empty word as <c>\0</c>, and a word of white space only as <c>\uXXXX</c> escapes (gensim writes
    /// them raw, which breaks the file: the projector would take a tab for a header of several columns, a line break
    /// for another word, and skip a blank line). <paramref name="limit"/> &gt; 0 writes the first <c>limit</c> words
    /// only (the most frequent, in files the word2vec tools write); the rows are written as stored (unit vectors when
    /// <see cref="IsNormalized"/>).
    /// <para>Each file is replaced atomically, as every output of this library, and both are written before either is
    /// replaced: a failure or a cancellation while writing leaves the old files whole. The two paths must name
    /// different files (links followed: a link or a hard link to the other is the same file).</para>
    /// </summary>
    public void SaveProjectorTsv(string vectorsPath, string metadataPath, int limit = 0, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(vectorsPath);
        ArgumentException.ThrowIfNullOrEmpty(metadataPath);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (FilePaths.SameFile(vectorsPath, metadataPath))
            throw new ArgumentException($"the vectors and metadata files are the same file ({vectorsPath})", nameof(metadataPath));
        // The metadata file is written (and renamed into place) inside the vectors file's write: both are complete
        // before either replaces what was there.
        OutputFile.Write(vectorsPath, vectors =>
            OutputFile.Write(metadataPath, metadata => SaveProjectorTsv(vectors, metadata, limit, cancellationToken), cancellationToken),
            cancellationToken);
    }

    /// <summary>Writes the Embedding Projector's two TSV files to streams (see
    /// <see cref="SaveProjectorTsv(string, string, int, CancellationToken)"/>).</summary>
    public void SaveProjectorTsv(Stream vectors, Stream metadata, int limit = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        using var lease = _store.Acquire();
        ProjectorTsv.Write(_store, limit > 0 ? Math.Min(limit, Count) : Count, vectors, metadata, cancellationToken);
    }
}
