using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Tests.Models;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Training;

/// <summary><see cref="Arithmetic.Batched"/> (<c>-batch 1</c>) around its step: skip-gram runs the batched step,
/// CBOW the fast one; the setting is kept by a model file; <c>-exact 1 -batch 1</c> is one error line.</summary>
public sealed class BatchedModeTests
{
    private static TrainingOptions Options(bool cbow, Arithmetic arithmetic) =>
        ModelFixtures.Options(cbow: cbow, hs: true, negative: 3, iterations: 1) with { Arithmetic = arithmetic, Threads = 1 };

    [Test]
    public void BatchedMode_Cbow_TrainsAsFastMode()
    {
        var fast = ModelFixtures.Train(Options(cbow: true, Arithmetic.Fast));
        var batched = ModelFixtures.Train(Options(cbow: true, Arithmetic.Batched));
        Assert.That(batched.Vectors.ToArray(), Is.EqualTo(fast.Vectors.ToArray()));
    }

    [Test]
    public void BatchedMode_SkipGram_RunsTheBatchedStep()
    {
        var fast = ModelFixtures.Train(Options(cbow: false, Arithmetic.Fast));
        var batched = ModelFixtures.Train(Options(cbow: false, Arithmetic.Batched));
        var again = ModelFixtures.Train(Options(cbow: false, Arithmetic.Batched));
        Assert.That(batched.Vectors.ToArray(), Is.Not.EqualTo(fast.Vectors.ToArray()), "the windows share their negatives: not the pair step's vectors");
        Assert.That(again.Vectors.ToArray(), Is.EqualTo(batched.Vectors.ToArray()), "one thread: repeatable");
        Assert.That(batched.Vectors.ToArray(), Has.All.Matches<float>(float.IsFinite));
    }

    [Test]
    public void BatchedMode_ModelFile_KeepsTheArithmetic()
    {
        var model = ModelFixtures.Train(Options(cbow: false, Arithmetic.Batched) with { Iterations = 2, StopAfterEpoch = 1 });
        var loaded = Word2VecModel.Load(new MemoryStream(ModelFixtures.Save(model)));
        Assert.That(loaded.Options!.Arithmetic, Is.EqualTo(Arithmetic.Batched));
    }

    [TestCase("-exact", "1", "-batch", "1")]
    [TestCase("-batch", "1", "-exact", "1")]
    public void BatchedMode_WithExact_IsOneErrorLine(string first, string firstValue, string second, string secondValue)
    {
        var (code, _, stderr) = OurCli.Run(["-train", ModelFixtures.Corpus, "-output", Path.Combine(Path.GetTempPath(), "never-written.txt"), "-debug", "0",
            first, firstValue, second, secondValue]);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr, Is.EqualTo("ERROR: -exact 1 and -batch 1 do not combine (exact is the C tool's arithmetic, batched is not)\n"));
    }

    [TestCase(new[] { "-batch", "1" }, Arithmetic.Batched)]
    [TestCase(new[] { "-batch", "1", "-exact", "0" }, Arithmetic.Batched)]
    [TestCase(new[] { "-exact", "1", "-batch", "0" }, Arithmetic.Exact)]
    [TestCase(new[] { "-batch", "0" }, Arithmetic.Fast)]
    public void BatchedMode_Flags_SetTheArithmetic(string[] flags, Arithmetic expected)
    {
        var a = TrainFlags.Table.Parse(["-train", "t.txt", .. flags], TextWriter.Null);
        Assert.That(a.Options.Arithmetic, Is.EqualTo(expected));
    }

    /// <summary>Continuing a model: <c>-batch</c> given changes the arithmetic as <c>-exact</c> does; not given, the
    /// model's stays.</summary>
    [TestCase(Arithmetic.Fast, new[] { "-batch", "1" }, Arithmetic.Batched)]
    [TestCase(Arithmetic.Batched, new[] { "-batch", "0" }, Arithmetic.Fast)]
    [TestCase(Arithmetic.Batched, new[] { "-exact", "1" }, Arithmetic.Exact)]
    [TestCase(Arithmetic.Batched, new string[0], Arithmetic.Batched)]
    public void BatchedMode_ContinuedModel_TakesTheFlagGiven(Arithmetic model, string[] flags, Arithmetic expected)
    {
        var parsed = TrainFlags.Table.Parse(["-train", "t.txt", .. flags], TextWriter.Null).Options;
        var given = flags.Where(f => f.StartsWith('-')).Select(f => f[1..]).ToHashSet();
        var o = TrainCommand.ContinuedOptions(new TrainingOptions { Arithmetic = model }, parsed, given);
        Assert.That(o.Arithmetic, Is.EqualTo(expected));
    }
}
