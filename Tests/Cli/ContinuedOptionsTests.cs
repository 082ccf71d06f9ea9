using System.Reflection;
using NUnit.Framework;
using Word2VecNative.Cli;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Cli;

/// <summary>The training command's flags and the option traits agree, and a loaded model's settings give way to the
/// flags given, and to the run's own loss and -stop-after, and to nothing else.</summary>
public sealed class ContinuedOptionsTests
{
    private static readonly string[] s_values = ["1", "2", "0", "7"];

    private static IEnumerable<PropertyInfo> Settings => typeof(TrainingOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.SetMethod != null && p.Name != "EqualityContract");

    [Test]
    public void OptionTraits_Flags_AreTheTrainingCommandsFlags()
    {
        var names = TrainFlags.Table.Flags.Select(f => f.Name).ToHashSet();
        Assert.That(OptionTraits.All.SelectMany(t => t.Flags).Where(f => !names.Contains(f)), Is.Empty);
    }

    /// <summary>Each flag, given alone with a few values, changes the settings of the traits that list it and no others;
    /// each trait's flags change it.</summary>
    [Test]
    public void TrainFlags_EachFlagSettingAnOption_IsItsTraitsFlag()
    {
        var baseline = new TrainArguments().Options;
        var changedBy = new HashSet<(string Flag, string Property)>();
        foreach (var f in TrainFlags.Table.Flags)
        {
            foreach (string v in s_values)
            {
                TrainArguments a;
                try
                {
                    a = TrainFlags.Table.Parse(f.Name == "train" ? ["-train", v] : ["-train", "t", "-" + f.Name, v], TextWriter.Null);
                }
                catch (Exception e) when (e is CliError or ArgumentException)
                {
                    continue;
                }
                foreach (var t in OptionTraits.All.Where(t => !t.Same(a.Options, baseline))) changedBy.Add((f.Name, t.Property));
            }
        }
        var listed = OptionTraits.All.SelectMany(t => t.Flags.Select(f => (f, t.Property))).ToHashSet();
        Assert.That(changedBy, Is.EquivalentTo(listed));
    }

    [TestCase(new string[0], new string[0])]
    [TestCase(new[] { "size" }, new[] { "Size" })]
    [TestCase(new[] { "window" }, new[] { "Window" })]
    [TestCase(new[] { "sample" }, new[] { "Sample" })]
    [TestCase(new[] { "hs" }, new[] { "HierarchicalSoftmax" })]
    [TestCase(new[] { "negative" }, new[] { "Negative" })]
    [TestCase(new[] { "cbow" }, new[] { "Cbow" })]
    [TestCase(new[] { "min-count" }, new[] { "MinCount" })]
    [TestCase(new[] { "seed" }, new[] { "Seed" })]
    [TestCase(new[] { "init-range" }, new[] { "InitialRange" })]
    [TestCase(new[] { "threads" }, new[] { "Threads" })]
    [TestCase(new[] { "exact" }, new[] { "Arithmetic" })]
    [TestCase(new[] { "batch" }, new[] { "Arithmetic" })]
    [TestCase(new[] { "iter", "alpha", "min-alpha" }, new[] { "Iterations", "Alpha", "MinAlpha" })]
    [TestCase(new[] { "debug", "output", "backend" }, new string[0])]
    public void TrainCommand_ContinuedOptions_AreTheModelsButTheFlagsGivenAndTheRunsOwn(string[] given, string[] fromCommandLine)
    {
        var model = new TrainingOptions
        {
            Size = 12,
            Window = 3,
            Sample = 1e-4f,
            HierarchicalSoftmax = true,
            Negative = 3,
            Cbow = false,
            MinCount = 1,
            Seed = 7,
            InitialRange = 1,
            Iterations = 2,
            Alpha = 0.03f,
            MinAlpha = 0.001f,
            Threads = 1,
            Arithmetic = Arithmetic.Exact,
            VocabHashSize = 1 << 20,
            TrimRule = (_, _, _) => Word2VecNative.Vocab.TrimDecision.Keep,
        };
        var parsed = new TrainingOptions
        {
            Size = 20,
            Window = 6,
            Sample = 0,
            HierarchicalSoftmax = false,
            Negative = 6,
            Cbow = true,
            MinCount = 4,
            Seed = 9,
            InitialRange = 2,
            Iterations = 3,
            Alpha = 0.02f,
            MinAlpha = 0.002f,
            Threads = 4,
            Arithmetic = Arithmetic.Batched,
            ComputeLoss = true,
            StopAfterEpoch = 1,
        };
        var o = TrainCommand.ContinuedOptions(model, parsed, given.ToHashSet());
        foreach (var p in Settings)
        {
            bool fromParsed = fromCommandLine.Contains(p.Name) || p.Name is "ComputeLoss" or "StopAfterEpoch";
            Assert.That(p.GetValue(o), Is.EqualTo(p.GetValue(fromParsed ? parsed : model)), $"{p.Name} is {(fromParsed ? "the command line's" : "the model's")}");
        }
    }
}
