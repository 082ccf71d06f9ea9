namespace Word2VecNative.Vectors;

/// <summary>Results of an analogy evaluation (compute-accuracy's figures).</summary>
public sealed class AnalogyReport
{
    internal AnalogyReport(IReadOnlyList<AnalogySection> sections, int semanticCorrect, int semanticSeen, int syntacticCorrect, int syntacticSeen, int questionsSeen, int questionsTotal)
    {
        Sections = sections;
        SemanticCorrect = semanticCorrect;
        SemanticSeen = semanticSeen;
        SyntacticCorrect = syntacticCorrect;
        SyntacticSeen = syntacticSeen;
        QuestionsSeen = questionsSeen;
        QuestionsTotal = questionsTotal;
    }

    /// <summary>Per ": section" results, in file order.</summary>
    public IReadOnlyList<AnalogySection> Sections { get; }
    /// <summary>Correct answers in the first five sections (compute-accuracy's semantic questions).</summary>
    public int SemanticCorrect { get; }
    public int SemanticSeen { get; }
    /// <summary>Correct answers in the sections after the fifth (syntactic questions).</summary>
    public int SyntacticCorrect { get; }
    public int SyntacticSeen { get; }
    /// <summary>Questions whose four words are all in the (threshold-limited) vocabulary.</summary>
    public int QuestionsSeen { get; }
    /// <summary>All questions read.</summary>
    public int QuestionsTotal { get; }
    public int Correct => SemanticCorrect + SyntacticCorrect;

    /// <summary>Correct / seen, in percent (NaN when nothing was seen).</summary>
    public float Accuracy => Correct / (float)QuestionsSeen * 100;
    public float SemanticAccuracy => SemanticCorrect / (float)SemanticSeen * 100;
    public float SyntacticAccuracy => SyntacticCorrect / (float)SyntacticSeen * 100;
}

/// <summary>One section of a questions file.</summary>
public readonly record struct AnalogySection(string Name, int Correct, int Seen);
