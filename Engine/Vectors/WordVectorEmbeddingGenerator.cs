using Microsoft.Extensions.AI;

namespace Word2VecNative.Vectors;

/// <summary>
/// Word vectors as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for Microsoft.Extensions.AI: the embedding
/// of a text is the mean of the unit vectors of its words. A text is split into words at spaces, tabs, carriage
/// returns and newlines, as the word2vec tools split their input; words are looked up exactly (no case folding), and
/// words not in the vocabulary are left out of the mean. A text without any known word gets the zero vector (its
/// cosine with anything is undefined; check <see cref="Embedding{T}.Vector"/> for all zeros where that matters).
/// Thread-safe, as <see cref="WordVectors"/> is.
/// </summary>
public sealed class WordVectorEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly char[] s_separators = [' ', '\t', '\r', '\n'];
    private readonly WordVectors _vectors;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>A generator over <paramref name="vectors"/>; <paramref name="modelId"/> names them in the metadata
    /// (a file name, say).</summary>
    public WordVectorEmbeddingGenerator(WordVectors vectors, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _vectors = vectors;
        _metadata = new EmbeddingGeneratorMetadata("Word2VecNative", null, modelId, vectors.Size);
    }

    /// <summary>One embedding per text, in order.</summary>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (var text in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Mean(text ?? throw new ArgumentException("a text is null", nameof(values)))) { ModelId = _metadata.DefaultModelId });
        }
        return Task.FromResult(result);
    }

    /// <summary>The mean of the unit vectors of the known words of <paramref name="text"/> (zeros when none is known).</summary>
    public float[] Mean(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] words = text.Split(s_separators, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? new float[_vectors.Size] : _vectors.MeanVector(words);
    }

    /// <summary>The generator's metadata (<see cref="EmbeddingGeneratorMetadata"/>), the vectors (<see cref="WordVectors"/>),
    /// or the generator itself; null for anything else.</summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey != null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        if (serviceType == typeof(WordVectors)) return _vectors;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Nothing to release: the vectors belong to the caller.</summary>
    public void Dispose()
    {
    }
}
