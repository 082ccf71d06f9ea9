namespace Word2VecNative.Vocab;

/// <summary>What a trim rule (<see cref="Training.TrainingOptions.TrimRule"/>) decides for a word, as gensim's
/// <c>trim_rule</c> returns <c>RULE_DEFAULT</c>, <c>RULE_KEEP</c> or <c>RULE_DISCARD</c>.</summary>
public enum TrimDecision
{
    /// <summary>Leave it to the count: the word stays when its count reaches the minimum the rule was given.</summary>
    Default,

    /// <summary>Keep the word whatever its count.</summary>
    Keep,

    /// <summary>Drop the word whatever its count.</summary>
    Discard,
}
