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

    /// <summary>The default tokenizer strips punctuation at the ends of words (so "france." is found), keeps it inside,
    /// and keeps the case as written; the word2vec split stays reachable and keeps "france." whole.</summary>
    [Test]
    public void EmbeddingGenerator_DefaultTokenizer_StripsPunctuationAtTheEndsOnly()
    {
        var v = VectorFixtures.Load();
        var generator = new WordVectorEmbeddingGenerator(v);
        Assert.That(generator.Words("(Paris), france. don't \"rome\"\u00A0-- e.g. \u201Citaly\u201D! $5 c++ ..."),
            Is.EqualTo(new[] { "Paris", "france", "don't", "rome", "e.g", "italy", "$5", "c++" }));
        Assert.That(generator.Mean("paris, france."), Is.EqualTo(v.MeanVector(["paris", "france"])));
        Assert.That(generator.Mean("Paris is a city in France."), Is.All.EqualTo(0f), "no lower-casing by default");

        var word2vecSplit = new WordVectorEmbeddingGenerator(v, options: new() { Tokenizer = WordVectorEmbeddingOptions.SplitAtWhiteSpace });
        Assert.That(word2vecSplit.Words("paris, france.\tking\u00A0queen"), Is.EqualTo(new[] { "paris,", "france.", "king\u00A0queen" }));
        Assert.That(word2vecSplit.Mean("paris, france."), Is.All.EqualTo(0f));
    }

    /// <summary>The default split keeps a piece whole when the vocabulary has it as written (after lower-casing when
    /// asked), taking punctuation off only as far as needed to find a word of the vocabulary.</summary>
    [Test]
    public void EmbeddingGenerator_DefaultTokenizer_KeepsPunctuatedWordsTheVocabularyHas()
    {
        string[] words = ["</s>", "U.S.", "C#", "#tag", "France", "u.k."];
        var rows = new float[words.Length * 2];
        for (int i = 0; i < rows.Length; i++) rows[i] = i + 1;
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, words.Select(System.Text.Encoding.UTF8.GetBytes).ToArray(), rows, 2, binary: true);
        using var v = WordVectors.Load(new MemoryStream(ms.ToArray()));
        var generator = new WordVectorEmbeddingGenerator(v);
        Assert.That(generator.Words("The U.S. and C#, (#tag) in France. #other (U.S.), U.K."),
            Is.EqualTo(new[] { "The", "U.S.", "and", "C#", "#tag", "in", "France", "other", "U.S.", "U.K" }));
        var lower = new WordVectorEmbeddingGenerator(v, options: new() { LowerCase = true });
        Assert.That(lower.Words("U.K. C#"), Is.EqualTo(new[] { "u.k.", "c" }), "the pieces are looked up lower-cased (the vocabulary has C#, not c#)");
        Assert.That(lower.Words("France."), Is.EqualTo(new[] { "france" }), "a word the vocabulary lacks loses its punctuation");
    }

    /// <summary>LowerCase finds the capitalised words of a sentence in a lower-case vocabulary.</summary>
    [Test]
    public async Task EmbeddingGenerator_LowerCase_FindsCapitalisedWords()
    {
        var v = VectorFixtures.Load();
        IEmbeddingGenerator<string, Embedding<float>> generator = new WordVectorEmbeddingGenerator(v, options: new() { LowerCase = true });
        var result = await generator.GenerateAsync(["Paris is a city in France.", "KING"]);
        Assert.That(result[0].Vector.ToArray(), Is.EqualTo(v.MeanVector(["paris", "france"])));
        Assert.That(result[1].Vector.ToArray(), Is.EqualTo(v.UnitVector("king")));
    }

    /// <summary>The tokenizer hook decides the words, and lower-casing applies to what it returns; empty and null
    /// words are passed over, a null list is an error.</summary>
    [Test]
    public void EmbeddingGenerator_Tokenizer_IsUsedAndLowerCasingAppliesToItsWords()
    {
        var v = VectorFixtures.Load();
        var pipes = new WordVectorEmbeddingGenerator(v, options: new() { Tokenizer = t => t.Split('|'), LowerCase = true });
        Assert.That(pipes.Words("King||QUEEN"), Is.EqualTo(new[] { "king", "queen" }));
        Assert.That(pipes.Mean("King||QUEEN"), Is.EqualTo(v.MeanVector(["king", "queen"])));
        var odd = new WordVectorEmbeddingGenerator(v, options: new() { Tokenizer = _ => ["rome", null!, ""] });
        Assert.That(odd.Mean("anything"), Is.EqualTo(v.UnitVector("rome")));
        var broken = new WordVectorEmbeddingGenerator(v, options: new() { Tokenizer = _ => null! });
        Assert.That(() => broken.Mean("x"), Throws.InvalidOperationException);
    }

    [Test]
    public void EmbeddingGenerator_NullText_IsAnArgumentError()
    {
        var generator = new WordVectorEmbeddingGenerator(VectorFixtures.Load());
        Assert.That(() => generator.GenerateAsync([null!]), Throws.ArgumentException);
    }
}
