using NUnit.Framework;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Models;

/// <summary>Continuing a saved model: an interrupted plan resumes to the bytes of the uninterrupted run (exact
/// arithmetic, one thread), a finished one starts a new plan on any corpus with the model's vocabulary, and the
/// settings that define a model cannot change on the way.</summary>
public sealed class ContinuedTrainingTests
{
    public static IEnumerable<TestCaseData> Architectures() => TrainingModel.Cases(
        TrainingModel.SkipGramHierarchical, TrainingModel.SkipGramNegative, TrainingModel.CbowHierarchical, TrainingModel.CbowHierarchicalAndNegative);

    private static Word2VecModel SaveAndLoad(Word2VecModel model) => Word2VecModel.Load(new MemoryStream(ModelFixtures.Save(model)));

    private static Word2VecModel Continue(Word2VecModel model, TrainingOptions? options = null, string? corpus = null, IProgress<TrainingProgress>? progress = null)
    {
        using var c = TrainingCorpus.FromFile(corpus ?? ModelFixtures.Corpus);
        return Trainer.Continue(model, c, options, progress);
    }

    private static void AssertSameWeights(Word2VecModel actual, Word2VecModel expected, string what)
    {
        Assert.That(actual.Vectors.ToArray(), Is.EqualTo(expected.Vectors.ToArray()), what + ": syn0");
        Assert.That(actual.HierarchicalSoftmaxWeights.ToArray(), Is.EqualTo(expected.HierarchicalSoftmaxWeights.ToArray()), what + ": syn1");
        Assert.That(actual.NegativeSamplingWeights.ToArray(), Is.EqualTo(expected.NegativeSamplingWeights.ToArray()), what + ": syn1neg");
    }

    [TestCaseSource(nameof(Architectures))]
    public void Continue_OneEpochSavedThenOneMore_IsTheTwoEpochRunByteForByte(TrainingModel model)
    {
        var options = ModelFixtures.Options(model.Cbow, model.Hs, model.Negative, iterations: 2);
        var full = ModelFixtures.Train(options);
        var half = ModelFixtures.Train(options with { StopAfterEpoch = 1 });
        Assert.That((half.State!.EpochsDone, half.State.PlannedEpochs), Is.EqualTo((1, 2)));
        Assert.That(half.Vectors.ToArray(), Is.Not.EqualTo(full.Vectors.ToArray()));
        var resumed = Continue(SaveAndLoad(half));
        AssertSameWeights(resumed, full, "1 + 1 epochs");
        Assert.That(resumed.State!.WordsProcessed, Is.EqualTo(full.State!.WordsProcessed));
        Assert.That(resumed.State.Threads, Is.EqualTo(full.State.Threads), "the same generator and rate at the end");
        Assert.That(ModelFixtures.Save(resumed), Is.EqualTo(ModelFixtures.Save(full)), "the same model file");
    }

    [Test]
    public void Continue_ThreeEpochsInThreeRuns_IsTheThreeEpochRun()
    {
        var options = ModelFixtures.Options(iterations: 3);
        var full = ModelFixtures.Train(options);
        var one = SaveAndLoad(ModelFixtures.Train(options with { StopAfterEpoch = 1 }));
        var two = SaveAndLoad(Continue(one, one.Options! with { StopAfterEpoch = 2 }));
        Assert.That(two.State!.EpochsDone, Is.EqualTo(2));
        AssertSameWeights(Continue(two), full, "1 + 1 + 1 epochs");
    }

    [Test]
    public void Continue_LeavesTheGivenModelAsItWas_UnlessInPlace()
    {
        var half = ModelFixtures.Train(ModelFixtures.Options() with { StopAfterEpoch = 1 });
        float[] before = half.Vectors.ToArray();
        var resumed = Continue(half);
        Assert.That(half.Vectors.ToArray(), Is.EqualTo(before));
        using var c = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var inPlace = Trainer.Continue(half, c, inPlace: true);
        Assert.That(inPlace.Vectors.ToArray(), Is.EqualTo(resumed.Vectors.ToArray()));
        Assert.That(half.Vectors.ToArray(), Is.EqualTo(inPlace.Vectors.ToArray()), "in place: the matrices are the model's own");
    }

    [Test]
    public void Continue_FinishedModel_StartsANewPlanFromTheStartingRate()
    {
        var model = ModelFixtures.Model;
        var reports = new List<TrainingProgress>();
        var more = Continue(model, model.Options! with { Iterations = 3 }, progress: new SyncProgress(reports.Add));
        var s = more.State!;
        Assert.That((s.PlannedEpochs, s.EpochsDone, s.EpochsTrained), Is.EqualTo((3, 3, 5L)));
        Assert.That(s.WordsPerEpoch, Is.EqualTo(model.Vocabulary.TrainWords), "the same corpus: the words an epoch reads are the vocabulary's");
        Assert.That(s.LearningRate, Is.EqualTo(LearningRateSchedule.For(model.Options!.StartingAlpha, 3, s.WordsPerEpoch)));
        Assert.That(reports[^1].Epoch, Is.EqualTo(3));
        Assert.That(more.Vectors.ToArray(), Is.Not.EqualTo(model.Vectors.ToArray()));
        Assert.That(more.Options!.Iterations, Is.EqualTo(3));
    }

    [Test]
    public void Continue_AnotherCorpus_KeepsTheVocabularyAndCountsItsWords()
    {
        var model = ModelFixtures.Model;
        var more = Continue(model, corpus: ModelFixtures.OtherCorpus);
        Assert.That(more.Vocabulary, Is.SameAs(model.Vocabulary), "new words are skipped, as C skips unknown words");
        Assert.That(more.Vocabulary.Search("zebra"), Is.EqualTo(-1));
        // The known words of the other corpus, as the threads count them (newlines included).
        using var c = TrainingCorpus.FromFile(ModelFixtures.OtherCorpus);
        var setup = TrainingSetup.Create(model.Options!, c);
        setup.UseVocabulary(model.Vocabulary);
        Assert.That(more.State!.WordsPerEpoch, Is.EqualTo(setup.CountCorpusWords(false, default).Words));
        Assert.That(more.State.WordsPerEpoch, Is.Not.EqualTo(model.State!.WordsPerEpoch));
        Assert.That(more.State.WordsProcessed, Is.EqualTo(2 * more.State.WordsPerEpoch), "every word of both epochs was read");
    }

    [Test]
    public void Continue_CorpusWithoutTheModelsWords_IsOneError()
    {
        string path = Scratch.File("zebra unicorn\nunicorn\n"u8.ToArray(), "strange.txt");
        var e = Assert.Throws<Word2VecException>(() => Continue(ModelFixtures.Model, corpus: path));
        Assert.That(e!.Message, Is.EqualTo($"training data file {path} holds none of the model's {ModelFixtures.Model.Vocabulary.Count} words"));
    }

    [TestCase("", "is empty")]
    [TestCase("zebra unicorn\nunicorn\n", "holds none of the model's {0} words")]
    [TestCase("\n\n\n", "holds none of the model's {0} words")]
    public void Continue_UnfinishedPlanOnACorpusWithNothingToTrain_IsOneError(string text, string what)
    {
        // Resumed on it, the plan would read nothing, be recorded as done and the command exit 0.
        var half = SaveAndLoad(ModelFixtures.Train(ModelFixtures.Options(iterations: 2) with { StopAfterEpoch = 1 }));
        string path = Scratch.File(System.Text.Encoding.ASCII.GetBytes(text), "nothing.txt");
        var e = Assert.Throws<Word2VecException>(() => Continue(half, corpus: path));
        Assert.That(e!.Message, Is.EqualTo($"training data file {path} " + string.Format(System.Globalization.CultureInfo.InvariantCulture, what, half.Vocabulary.Count)));
        // A finished model refuses an empty corpus with the words a new model's run uses.
        e = Assert.Throws<Word2VecException>(() => Continue(ModelFixtures.Model, corpus: path));
        Assert.That(e!.Message, Is.EqualTo($"training data file {path} " + string.Format(System.Globalization.CultureInfo.InvariantCulture, what, half.Vocabulary.Count)));
    }

    [Test]
    public void Continue_MoreThreadsOrFastArithmetic_Trains()
    {
        var half = ModelFixtures.Train(ModelFixtures.Options() with { StopAfterEpoch = 1 });
        var more = Continue(half, half.Options! with { Threads = 3, Arithmetic = Arithmetic.Fast });
        Assert.That(more.State!.Threads, Has.Count.EqualTo(3));
        Assert.That(more.State.Threads[0].Random, Is.Not.EqualTo(more.State.Threads[1].Random));
        Assert.That(more.CountNonFiniteVectors(), Is.Zero);
    }

    [TestCase("-size 13", "-size 13 differs from the model's 12; a loaded model keeps the settings it was trained with")]
    [TestCase("-window 4", "-window 4 differs from the model's 3; a loaded model keeps the settings it was trained with")]
    [TestCase("-hs 0", "-hs 0 differs from the model's 1; a loaded model keeps the settings it was trained with")]
    [TestCase("-negative 5", "-negative 5 differs from the model's 3; a loaded model keeps the settings it was trained with")]
    [TestCase("-cbow 1", "-cbow 1 differs from the model's 0; a loaded model keeps the settings it was trained with")]
    [TestCase("-sample 0", "-sample 0 differs from the model's 0.001; a loaded model keeps the settings it was trained with")]
    [TestCase("-min-count 2", "-min-count 2 differs from the model's 1; a loaded model keeps the settings it was trained with")]
    [TestCase("-seed 2", "-seed 2 differs from the model's 1; a loaded model keeps the settings it was trained with")]
    [TestCase("-init-range 1", "-init-range 1 differs from the model's 0.5; a loaded model keeps the settings it was trained with")]
    public void Continue_ChangedModelSetting_IsOneError(string change, string message)
    {
        var o = ModelFixtures.Model.Options!;
        string[] parts = change.Split(' ');
        o = parts[0] switch
        {
            "-size" => o with { Size = 13 },
            "-window" => o with { Window = 4 },
            "-hs" => o with { HierarchicalSoftmax = false },
            "-negative" => o with { Negative = 5 },
            "-cbow" => o with { Cbow = true },
            "-sample" => o with { Sample = 0 },
            "-min-count" => o with { MinCount = 2 },
            "-seed" => o with { Seed = 2 },
            _ => o with { InitialRange = 1 },
        };
        Assert.That(() => Continue(ModelFixtures.Model, o), Throws.TypeOf<Word2VecException>().With.Message.EqualTo(message));
    }

    [Test]
    public void Continue_UnfinishedPlanWithOtherRates_IsOneError()
    {
        var half = ModelFixtures.Train(ModelFixtures.Options() with { StopAfterEpoch = 1 });
        const string Why = "the model's plan of 2 epochs is unfinished (1 done) and ends with its own -iter, -alpha and -min-alpha";
        Assert.That(() => Continue(half, half.Options! with { Iterations = 3 }),
            Throws.TypeOf<Word2VecException>().With.Message.EqualTo($"-iter 3 differs from the plan's 2: {Why}"));
        Assert.That(() => Continue(half, half.Options! with { Alpha = 0.03f }),
            Throws.TypeOf<Word2VecException>().With.Message.EqualTo($"-alpha 0.03 differs from the plan's 0.025: {Why}"));
        Assert.That(() => Continue(half, half.Options! with { MinAlpha = 0.0001f }),
            Throws.TypeOf<Word2VecException>().With.Message.EqualTo($"-min-alpha 0.0001 differs from the plan's (C's floor): {Why}"));
        Assert.That(() => Continue(half, half.Options! with { StopAfterEpoch = 1 }),
            Throws.TypeOf<Word2VecException>().With.Message.EqualTo("-stop-after 1: epoch 1 of the 2 planned is already done"));
    }

    [Test]
    public void Continue_ModelOfVectorsOnly_IsOneError()
    {
        var m = ModelFixtures.Model;
        Assert.That(() => Continue(new Word2VecModel(m.Vocabulary, m.Vectors.ToArray(), m.Size)), Throws.TypeOf<Word2VecException>()
            .With.Message.EqualTo("the model holds only its input vectors (no output layers or training state), so its training cannot continue"));
    }

    [Test]
    public void Train_StoppedAfterAnEpoch_ReportsThatEpochComplete()
    {
        var reports = new List<TrainingProgress>();
        using var c = TrainingCorpus.FromFile(ModelFixtures.Corpus);
        var half = Trainer.Train(ModelFixtures.Options(iterations: 3) with { StopAfterEpoch = 2 }, c, progress: new SyncProgress(reports.Add));
        Assert.That((reports[^1].IsComplete, reports[^1].Epoch, reports[^1].Epochs), Is.EqualTo((true, 2, 3)));
        Assert.That(reports[^1].WordsProcessed, Is.EqualTo(2 * half.Vocabulary.TrainWords));
        Assert.That(half.State!.WordsProcessed, Is.EqualTo(reports[^1].WordsProcessed));
    }

    /// <summary>Reports on the reporting thread, synchronously.</summary>
    internal sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            lock (this) report(value);
        }
    }
}
