using Microsoft.Extensions.AI;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>The Microsoft.Extensions.AI adapter: a text's embedding is the mean of its known words' unit vectors.</summary>
public sealed class EmbeddingGeneratorTests
{
    [Test]
    public async Task EmbeddingGenerator_GenerateAsync_MeanOfKnownWordsUnitVectors()
    {
        var v = VectorFixtures.Load();
        IEmbeddingGenerator<string, Embedding<float>> generator = new WordVectorEmbeddingGenerator(v, "fixtures");
        var result = await generator.GenerateAsync(["king queen", "king\tunknown-word\n", "nothing known here", "queen"]);
        Assert.That(result, Has.Count.EqualTo(4));
        float[] expected = new float[v.Size];
        for (int k = 0; k < v.Size; k++) expected[k] = (v.UnitVector(v.IndexOf("king"))[k] + v.UnitVector(v.IndexOf("queen"))[k]) / 2;
        Assert.That(result[0].Vector.ToArray(), Is.EqualTo(expected).Within(1e-6f));
        Assert.That(result[1].Vector.ToArray(), Is.EqualTo(v.UnitVector(v.IndexOf("king")).ToArray()), "unknown words are left out");
        Assert.That(result[2].Vector.ToArray(), Is.All.EqualTo(0f), "no known word: the zero vector");
        Assert.That(result[3].Vector.ToArray(), Is.EqualTo(v.UnitVector(v.IndexOf("queen")).ToArray()));
        Assert.That(result[0].ModelId, Is.EqualTo("fixtures"));
        var meta = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.That((meta!.ProviderName, meta.DefaultModelDimensions), Is.EqualTo(("Word2VecNative", v.Size)));
        Assert.That(generator.GetService<WordVectors>(), Is.SameAs(v));
    }

    [Test]
    public void EmbeddingGenerator_NullText_IsAnArgumentError()
    {
        var generator = new WordVectorEmbeddingGenerator(VectorFixtures.Load());
        Assert.That(() => generator.GenerateAsync([null!]), Throws.ArgumentException);
    }
}
