using System.Text;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;
using Word2VecNative.Vectors;

namespace Word2VecNative.Parity.Tools;

/// <summary>compute-accuracy: our verb prints the same bytes as the C program (built with -ffp-contract=off)
/// for the same vectors, questions and threshold.</summary>
public class ComputeAccuracyParityTests
{
    [TestCase(0)]
    [TestCase(3000)]
    public void ComputeAccuracy_QuestionsWords_SameOutputAsC(int threshold)
    {
        var tool = CTool.Require();
        string questions = File.ReadAllText(SharedData.Require("questions-words.txt"));
        string vec = ToolFixtures.Model();
        string expected = ToolFixtures.C(tool.Exact("compute-accuracy"), [vec, threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)], questions);
        var (code, actual, err) = OurCli.Run(["compute-accuracy", vec, threshold.ToString(System.Globalization.CultureInfo.InvariantCulture)], questions);
        Assert.That(code, Is.Zero, err);
        Assert.That(actual, Is.EqualTo(expected));
        Assert.That(expected, Does.Contain("Questions seen / total: "));
    }

    [Test]
    public void ComputeAccuracy_GeneratedQuestions_SameOutputAsC()
    {
        var tool = CTool.Require();
        string vec = ToolFixtures.Model();
        var words = WordVectors.Load(vec, limit: 2000);
        var rnd = new Random(42);
        var sb = new StringBuilder();
        // Eight sections (so both semantic and syntactic counts move), mixed case, unknown words,
        // an empty section, tabs and blank lines, and a last line without its newline.
        for (int s = 0; s < 8; s++)
        {
            sb.Append($": section-{s}\n");
            if (s == 3) continue;
            for (int q = 0; q < 40; q++)
            {
                string W() => rnd.Next(25) == 0 ? "qqzzunknown" : words.Word(1 + rnd.Next(words.Count - 1));
                string a = W(), b = W(), c = W();
                bool known = words.Contains(a) && words.Contains(b) && words.Contains(c);
                string d = q % 5 == 0 && known ? words.Analogy(a, b, c).FirstOrDefault().Word ?? W() : W();
                if (q % 7 == 0) a = a.ToUpperInvariant();
                sb.Append(a).Append(q % 3 == 0 ? '\t' : ' ').Append(b).Append(' ').Append(c).Append(' ').Append(d).Append('\n');
                if (q % 13 == 0) sb.Append('\n');
            }
        }
        sb.Append("the of and in");
        string questions = sb.ToString();
        string expected = ToolFixtures.C(tool.Exact("compute-accuracy"), [vec, "0"], questions);
        var (_, actual, _) = OurCli.Run(["compute-accuracy", vec], questions);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void ComputeAccuracy_LibraryReport_AgreesWithTheVerb()
    {
        string vec = ToolFixtures.Model();
        string questions = SharedData.Require("questions-words.txt");
        var report = WordVectors.Load(vec).EvaluateAnalogies(questions, 3000);
        var (_, text, _) = OurCli.Run(["compute-accuracy", vec, "3000"], File.ReadAllText(questions));
        Assert.That(text, Does.Contain($"Questions seen / total: {report.QuestionsSeen} {report.QuestionsTotal} "));
        Assert.That(report.Sections, Has.Count.EqualTo(14));
        Assert.That(report.Correct, Is.EqualTo(report.Sections.Sum(s => s.Correct)));
    }
}
