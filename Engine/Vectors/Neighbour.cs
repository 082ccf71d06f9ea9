namespace Word2VecNative.Vectors;

/// <summary>A word found by a similarity query: its text, its row in the file, and its cosine similarity.</summary>
public readonly record struct Neighbour(string Word, int Index, float Similarity);
