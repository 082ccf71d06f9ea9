using System.Globalization;

namespace Word2VecNative.Training;

/// <summary>
/// How a saved model continues (<see cref="Trainer.Continue"/>): the settings a run may not change, the plan it
/// resumes or starts, and the state its threads start from.
/// </summary>
internal static class Continuation
{
    /// <summary>The setup and the starting state of a run continuing <paramref name="model"/> with <paramref name="options"/>.</summary>
    public static (TrainingSetup Setup, TrainingState Start) Prepare(Word2VecModel model, TrainingCorpus corpus, TrainingOptions options,
        CancellationToken cancellationToken)
    {
        var saved = model.Options;
        var state = model.State;
        if (saved == null || state == null)
            throw new Word2VecException("the model holds only its input vectors (no output layers or training state), so its training cannot continue");
        CheckSameModel(saved, options);
        var setup = TrainingSetup.Create(options, corpus);
        setup.UseVocabulary(model.Vocabulary);
        if (!state.IsComplete) CheckSamePlan(saved, state, options);
        // A corpus with nothing to train is refused as a new model's is, whether the plan resumes or starts: an
        // unfinished plan on it would read nothing and be recorded as done. A new plan counts its words (one pass);
        // a resumed one keeps its own count and only looks for one word to train.
        using (var fs = corpus.Open(cancellationToken))
        {
            if (fs.CanSeek && fs.Length == 0) throw new Word2VecException($"{corpus.Name} is empty");
        }
        var (words, trainable) = setup.CountCorpusWords(stopAtFirstTrainable: !state.IsComplete, cancellationToken);
        if (trainable == 0) throw new Word2VecException($"{corpus.Name} holds none of the model's {model.Vocabulary.Count} words");
        if (!state.IsComplete)
        {
            setup.UseWordsPerEpoch(state.WordsPerEpoch);
            return (setup, state);
        }
        setup.UseWordsPerEpoch(words);
        float alpha = setup.LearningRate.At(0);
        var threads = state.Threads.Select(t => t with { Alpha = alpha }).ToArray();
        return (setup, new TrainingState(setup.LearningRate, options.Iterations, 0, words, 0, state.EpochsTrained, threads));
    }

    /// <summary>Throws unless <paramref name="run"/> has the settings that define the model (<see cref="OptionRole.Model"/>):
    /// its shape, its objectives, its architecture and what its vocabulary and initial vectors were made with. The first
    /// that differs, in the order of <see cref="OptionTraits.All"/>, is the one reported.</summary>
    public static void CheckSameModel(TrainingOptions model, TrainingOptions run)
    {
        foreach (var t in OptionTraits.All)
        {
            if (t.Role == OptionRole.Model && !t.Same(model, run))
                throw new Word2VecException($"{t.Name} {t.Show(run)} differs from the model's {t.Show(model)}; a loaded model keeps the settings it was trained with");
        }
    }

    private static void CheckSamePlan(TrainingOptions model, TrainingState state, TrainingOptions run)
    {
        string why = $"the model's plan of {state.PlannedEpochs} epochs is unfinished ({state.EpochsDone} done) and ends with its own -iter, -alpha and -min-alpha";
        if (run.Iterations != state.PlannedEpochs)
            throw new Word2VecException($"-iter {run.Iterations} differs from the plan's {state.PlannedEpochs}: {why}");
        if (run.StartingAlpha != model.StartingAlpha)
            throw new Word2VecException(Invariant($"-alpha {run.StartingAlpha} differs from the plan's {model.StartingAlpha}: {why}"));
        if (run.MinAlpha != model.MinAlpha)
            throw new Word2VecException(Invariant($"-min-alpha {Show(run.MinAlpha)} differs from the plan's {Show(model.MinAlpha)}: {why}"));
    }

    private static string Show(float? minAlpha) => minAlpha is float f ? f.ToString(CultureInfo.InvariantCulture) : "(C's floor)";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
