using Microsoft.Extensions.AI;

namespace Word2VecNative.Vectors;

/// <summary>
/// Word vectors as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> for Microsoft.Extensions.AI: the embedding
/// of a text is the mean of the unit vectors of its words. By default a text is split at white space and each piece
/// loses the punctuation at its ends, as far as needed to find a word the vocabulary holds
/// (<see cref="WordVectorEmbeddingOptions.SplitAndTrimPunctuation"/>: <c>"Paris, France."</c> gives <c>Paris</c> and
/// <c>France</c>; <c>don't</c> stays whole; <c>U.S.,</c> gives <c>U.S.</c> in a vocabulary that has it), and the words are looked
/// up with their case as written; <see cref="WordVectorEmbeddingOptions"/> sets another tokenizer and lower-casing
/// (for lower-case vocabularies such as text8's). Words not in the vocabulary are left out of the mean. A text
/// without any known word gets the zero vector (its cosine with anything is undefined; check
/// <see cref="Embedding{T}.Vector"/> for all zeros where that matters). <see cref="Words"/> shows the words a text
/// is looked up as. Thread-safe, as <see cref="WordVectors"/> is (a custom tokenizer must be too).
/// </summary>
public sealed class WordVectorEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly WordVectors _vectors;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private readonly Func<string, IEnumerable<string>>? _tokenizer;
    private readonly bool _lowerCase;

    /// <summary>A generator over <paramref name="vectors"/>; <paramref name="modelId"/> names them in the metadata
    /// (a file name, say); <paramref name="options"/> chooses the tokenizer and lower-casing (null: the defaults of
    /// <see cref="WordVectorEmbeddingOptions"/>).</summary>
    public WordVectorEmbeddingGenerator(WordVectors vectors, string? modelId = null, WordVectorEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        _vectors = vectors;
        _metadata = new EmbeddingGeneratorMetadata("Word2VecNative", null, modelId, vectors.Size);
        _tokenizer = options?.Tokenizer;
        _lowerCase = options?.LowerCase ?? false;
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
        string[] words = Words(text);
        return words.Length == 0 ? new float[_vectors.Size] : _vectors.MeanVector(words);
    }

    /// <summary>The words <paramref name="text"/> is looked up as: the tokenizer's words, without empty ones,
    /// lower-cased when the options ask for it. A tokenizer that returns null is an <see cref="InvalidOperationException"/>.</summary>
    public string[] Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        if (_tokenizer == null)
        {
            // The default split, knowing the vocabulary: punctuation comes off only as far as needed to find a word.
            foreach (var piece in WordVectorEmbeddingOptions.SplitAtAnyWhiteSpace(text))
            {
                string word = WordVectorEmbeddingOptions.Trim(Cased(piece), _vectors.Contains);
                if (word.Length > 0) words.Add(word);
            }
            return [.. words];
        }
        var tokens = _tokenizer(text) ?? throw new InvalidOperationException("the tokenizer returned null");
        foreach (var t in tokens)
        {
            if (string.IsNullOrEmpty(t)) continue;
            words.Add(Cased(t));
        }
        return [.. words];
    }

    private string Cased(string word) => _lowerCase ? word.ToLowerInvariant() : word;

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
