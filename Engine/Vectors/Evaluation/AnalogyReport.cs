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
    /// <summary>Questions asked in the first five sections (all four words in the vocabulary).</summary>
    public int SemanticSeen { get; }
    /// <summary>Correct answers in the sections after the fifth (syntactic questions).</summary>
    public int SyntacticCorrect { get; }
    /// <summary>Questions asked in the sections after the fifth (all four words in the vocabulary).</summary>
    public int SyntacticSeen { get; }
    /// <summary>Questions whose four words are all in the (threshold-limited) vocabulary.</summary>
    public int QuestionsSeen { get; }
    /// <summary>All questions read.</summary>
    public int QuestionsTotal { get; }
    /// <summary>Correct answers in all sections: the top-1 answer, other than the three question words, is the fourth word.</summary>
    public int Correct => SemanticCorrect + SyntacticCorrect;

    /// <summary>Correct / seen, in percent (NaN when nothing was seen).</summary>
    public float Accuracy => Correct / (float)QuestionsSeen * 100;
    /// <summary><see cref="SemanticCorrect"/> / <see cref="SemanticSeen"/>, in percent (NaN when nothing was seen).</summary>
    public float SemanticAccuracy => SemanticCorrect / (float)SemanticSeen * 100;
    /// <summary><see cref="SyntacticCorrect"/> / <see cref="SyntacticSeen"/>, in percent (NaN when nothing was seen).</summary>
    public float SyntacticAccuracy => SyntacticCorrect / (float)SyntacticSeen * 100;
}

/// <summary>One section of a questions file.</summary>
/// <param name="Name">The section's name, the word after its <c>:</c> line marker (for example <c>capital-common-countries</c>).</param>
/// <param name="Correct">Questions of the section answered correctly.</param>
/// <param name="Seen">Questions of the section asked: those whose four words are all in the vocabulary.</param>
public readonly record struct AnalogySection(string Name, int Correct, int Seen);
