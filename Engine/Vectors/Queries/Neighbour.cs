namespace Word2VecNative.Vectors;

/// <summary>A word found by a similarity query: its text, its row in the file, and its cosine similarity.</summary>
/// <param name="Word">The word, decoded as UTF-8.</param>
/// <param name="Index">Its row in the vectors (file or vocabulary order).</param>
/// <param name="Similarity">Cosine similarity with the query vector, from -1 to 1.</param>
public readonly record struct Neighbour(string Word, int Index, float Similarity);
