using System.Globalization;
using NUnit.Framework;

namespace Word2VecNative.Tests.Infrastructure;

/// <summary>One architecture and objective the training tests run: skip-gram or CBOW, with hierarchical softmax,
/// negative sampling or both. The cases are named here once, for the tests and the parity tests (which link this file).</summary>
public sealed record TrainingModel(string Name, bool Cbow, bool Hs, int Negative)
{
    public static readonly TrainingModel SkipGramNegative = new(nameof(SkipGramNegative), false, false, 5);
    public static readonly TrainingModel CbowNegative = new(nameof(CbowNegative), true, false, 5);
    public static readonly TrainingModel SkipGramHierarchical = new(nameof(SkipGramHierarchical), false, true, 0);
    public static readonly TrainingModel CbowHierarchical = new(nameof(CbowHierarchical), true, true, 0);
    public static readonly TrainingModel CbowHierarchicalAndNegative = new(nameof(CbowHierarchicalAndNegative), true, true, 3);

    /// <summary>Every case, in this order.</summary>
    public static readonly TrainingModel[] All = [SkipGramNegative, CbowNegative, SkipGramHierarchical, CbowHierarchical, CbowHierarchicalAndNegative];

    /// <summary>The command line's flags for it: <c>-cbow</c>, <c>-hs</c> and <c>-negative</c>.</summary>
    public string[] Flags => ["-cbow", Cbow ? "1" : "0", "-hs", Hs ? "1" : "0", "-negative", Negative.ToString(CultureInfo.InvariantCulture)];

    /// <summary>Test cases of <paramref name="models"/> (every case where none is given), each named for its model.</summary>
    public static IEnumerable<TestCaseData> Cases(params TrainingModel[] models) =>
        (models.Length == 0 ? All : models).Select(m => new TestCaseData(m).SetArgDisplayNames(m.Name));

    public override string ToString() => Name;
}
