using System.Reflection;
using NUnit.Framework;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.TrainingApi;

/// <summary>The table of option traits (<see cref="OptionTraits"/>): one trait per setting, the model file stores what
/// it says, a continued run checks the settings that define the model in their order, and the GPU refuses what it says.</summary>
public sealed class OptionTraitsTests
{
    private static OptionTrait Trait(string property) => OptionTraits.All.Single(t => t.Property == property);

    [Test]
    public void OptionTraits_All_HasOneTraitPerSettingOfTrainingOptions()
    {
        var settings = typeof(TrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod != null && p.Name != "EqualityContract").Select(p => p.Name);
        Assert.That(OptionTraits.All.Select(t => t.Property), Is.EquivalentTo(settings).And.Unique);
    }

    /// <summary>Every setting set away from its default, saved and loaded: those the table says the file stores come
    /// back, the others come back as their default.</summary>
    [Test]
    public void OptionTraits_StoredInModelFile_IsWhatTheModelFileKeeps()
    {
        var m = ModelFixtures.Model;
        var options = m.Options! with
        {
            Sample = 1e-4f,
            Seed = 7,
            InitialRange = 1,
            Alpha = 0.03f,
            MinAlpha = 0.001f,
            Threads = OptionTraits.Defaults.Threads + 1,
            ComputeLoss = true,
            StopAfterEpoch = 1,
            VocabHashSize = 1 << 20,
            MaxVocabSize = 1000,
            MaxFinalVocab = 1000,
            TrimRule = (_, _, _) => Word2VecNative.Vocab.TrimDecision.Default,
        };
        Assert.That(OptionTraits.All.Where(t => !t.IsSetIn(options)), Is.Empty, "every setting differs from its default");
        var model = new Word2VecModel(m.Vocabulary, m.VectorArray, m.Syn1Array, m.Syn1NegArray, options, m.State!);
        var loaded = Word2VecModel.Load(new MemoryStream(ModelFixtures.Save(model))).Options!;
        foreach (var t in OptionTraits.All)
        {
            Assert.That(t.Same(loaded, t.StoredInModelFile ? options : OptionTraits.Defaults), Is.True,
                $"{t.Property}: the file {(t.StoredInModelFile ? "lost it" : "kept it")} ({t.Show(loaded)})");
        }
    }

    /// <summary>The settings that define a model, in the order a continued run checks them (the first that differs is
    /// the one reported, so the order is the messages').</summary>
    [Test]
    public void OptionTraits_ModelSettings_AreCheckedInTheirOrder()
    {
        Assert.That(OptionTraits.All.Where(t => t.Role == OptionRole.Model).Select(t => t.Name),
            Is.EqualTo(new[] { "-size", "-window", "-sample", "-hs", "-negative", "-cbow", "-min-count", "-seed", "-init-range" }));
        var model = ModelFixtures.Options();
        var all = model with { Size = 13, Window = 4, Sample = 0, HierarchicalSoftmax = false, Negative = 5, Cbow = true, MinCount = 2, Seed = 2, InitialRange = 1 };
        var e = Assert.Throws<Word2VecException>(() => Continuation.CheckSameModel(model, all))!;
        Assert.That(e.Message, Is.EqualTo("-size 13 differs from the model's 12; a loaded model keeps the settings it was trained with"));
        e = Assert.Throws<Word2VecException>(() => Continuation.CheckSameModel(model, all with { Size = 12, Window = 3, Sample = model.Sample }))!;
        Assert.That(e.Message, Is.EqualTo("-hs 0 differs from the model's 1; a loaded model keeps the settings it was trained with"));
        Assert.That(() => Continuation.CheckSameModel(model, model with { Threads = 3, Iterations = 9, Arithmetic = Arithmetic.Fast, ComputeLoss = true }), Throws.Nothing,
            "what is not the model's may change");
    }

    [Test]
    public void OptionTraits_RefusedOnGpu_IsTheLossAndStoppingEarlyWhenSet()
    {
        Assert.That(OptionTraits.All.Where(t => t.Gpu == GpuSupport.Refused).Select(t => t.Property), Is.EqualTo(new[] { "ComputeLoss", "StopAfterEpoch" }));
        Assert.That(OptionTraits.All.Where(t => t.Gpu == GpuSupport.Ignored).Select(t => t.Property), Is.EqualTo(new[] { "Threads", "Arithmetic" }));
        Assert.That(OptionTraits.RefusedOnGpu(new TrainingOptions { Threads = 3, Arithmetic = Arithmetic.Exact, Size = 7 }), Is.Empty);
        Assert.That(OptionTraits.RefusedOnGpu(new TrainingOptions { StopAfterEpoch = 1 }).Select(t => t.Name), Is.EqualTo(new[] { "-stop-after" }));
        Assert.That(OptionTraits.RefusedOnGpu(new TrainingOptions { ComputeLoss = true, StopAfterEpoch = 1 }).Select(t => t.Name),
            Is.EqualTo(new[] { "-compute-loss", "-stop-after" }));
    }

    [Test]
    public void OptionTrait_CopyValue_TakesOneSetting()
    {
        var to = new TrainingOptions();
        var from = new TrainingOptions { Size = 7, Window = 2, MinAlpha = 0.01f };
        Assert.That(Trait("MinAlpha").CopyValue(from, to), Is.EqualTo(to with { MinAlpha = 0.01f }));
        Assert.That(Trait("Size").Name, Is.EqualTo("-size"));
        Assert.That(Trait("VocabHashSize").Name, Is.EqualTo("VocabHashSize"), "a setting of the library only is named by its property");
        Assert.That(Trait("Arithmetic").Flags, Is.EqualTo(new[] { "exact", "batch" }));
    }
}
