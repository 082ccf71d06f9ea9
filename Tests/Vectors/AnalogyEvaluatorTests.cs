using System.Text;
using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

public class AnalogyEvaluatorTests
{
    private const string Questions = """
: capital-common
Paris France Rome Italy
Rome Italy Paris France
paris france rome apple
: family
man king woman queen
man KING unknown queen
: gram1
king queen man woman

""";

    [Test]
    public void AnalogyEvaluator_CountsSectionsAndSemanticSyntactic()
    {
        var v = VectorFixtures.Load();
        var report = AnalogyEvaluator.Evaluate(v, Bytes(Questions), 0, null);
        Assert.That(report.QuestionsTotal, Is.EqualTo(6));
        Assert.That(report.QuestionsSeen, Is.EqualTo(5));
        Assert.That(report.Sections.Select(s => s.Name), Is.EqualTo(new[] { "capital-common", "family", "gram1" }));
        Assert.That(report.Sections[0], Is.EqualTo(new AnalogySection("capital-common", 2, 3)));
        Assert.That(report.SemanticSeen, Is.EqualTo(5));
        Assert.That(report.SyntacticSeen, Is.EqualTo(0), "sections after the fifth are syntactic; gram1 is the third");
    }

    /// <summary>A case variant of a question word ("B" beside "b", nearly the same vector) is compute-accuracy's answer,
    /// and a wrong one; gensim's rule passes over it and finds the expected word.</summary>
    [Test]
    public void EvaluateAnalogies_SkipCaseVariants_IsGensimsRule()
    {
        string[] words = ["</s>", "a", "b", "c", "d", "B"];
        float[] values = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, -0.9f, 1, 0.9f];
        using var file = new MemoryStream();
        VectorFileWriter.Write(file, words.Select(Encoding.UTF8.GetBytes).ToArray(), values, 3, binary: true);
        var v = WordVectors.Load(new MemoryStream(file.ToArray()));
        Assert.That(v.Analogy("a", "b", "c", 2).Select(n => n.Word), Is.EqualTo(new[] { "B", "d" }), "the variant comes first");

        var cTool = v.EvaluateAnalogies(Bytes(": s\na b c d\n"));
        var gensim = v.EvaluateAnalogies(Bytes(": s\na b c d\n"), skipCaseVariants: true);
        Assert.That(cTool.Sections[0], Is.EqualTo(new AnalogySection("s", 0, 1)));
        Assert.That(gensim.Sections[0], Is.EqualTo(new AnalogySection("s", 1, 1)));
    }

    [Test]
    public void AnalogyEvaluator_PrintsComputeAccuracyLines()
    {
        var v = VectorFixtures.Load();
        var sw = new StringWriter();
        AnalogyEvaluator.Evaluate(v, Bytes(": a\nman king woman queen\n"), 0, sw);
        Assert.That(sw.ToString(), Is.EqualTo(
            "a:\nACCURACY TOP1: 100.00 %  (1 / 1)\n" +
            "Total accuracy: 100.00 %   Semantic accuracy: 100.00 %   Syntactic accuracy: -nan % \n" +
            "Questions seen / total: 1 1   100.00 % \n"));
    }

    [Test]
    public void AnalogyEvaluator_Threshold_LimitsTheVocabulary()
    {
        var v = VectorFixtures.Load();
        var report = AnalogyEvaluator.Evaluate(v, Bytes(": a\nman king woman queen\n"), 4, null);
        Assert.That(report.QuestionsSeen, Is.EqualTo(0), "woman is row 4, outside the first four words");
    }

    [Test]
    public void AnalogyEvaluator_EmptyQuestions_ThrowsFromTheLibrary()
    {
        var v = VectorFixtures.Load();
        string p = Scratch.File([], "q.txt");
        var e = Assert.Throws<Word2VecException>(() => v.EvaluateAnalogies(p));
        Assert.That(e!.Message, Does.Contain("no questions"));
    }

    [Test]
    public void CToolQueries_Word_LongWordsRunIntoTheNextRow()
    {
        string longWord = new string('x', 55);
        var text = $"3 1\n{longWord} 1\nnext 1\nlast{new string('y', 50)} 1\n";
        var v = WordVectors.Load(new MemoryStream(Encoding.ASCII.GetBytes(text)));
        var t = new CToolQueries(v, 3, upperCase: true);
        Assert.That(Encoding.ASCII.GetString(t.Word(0)), Is.EqualTo(new string('X', 50) + "NEXT"));
        Assert.That(Encoding.ASCII.GetString(t.Word(2)), Is.EqualTo("LAST" + new string('Y', 46)));
        Assert.That(t.Find("NEXT"u8), Is.EqualTo(1));
    }

    private static MemoryStream Bytes(string text) => new(Encoding.UTF8.GetBytes(text));
}
