namespace Word2VecNative.Training;

/// <summary>word2vec.c's expTable: EXP_TABLE_SIZE entries of sigmoid over [-MAX_EXP, MAX_EXP), computed with the
/// C expressions (float argument, double exp, float storage), indexed with C's expression
/// <c>(int)((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))</c>, where the integer division makes the factor 83.</summary>
internal static class SigmoidTable
{
    /// <summary>word2vec.c's EXP_TABLE_SIZE.</summary>
    public const int ExpTableSize = 1000;

    /// <summary>word2vec.c's MAX_EXP: the table covers [-MAX_EXP, MAX_EXP).</summary>
    public const int MaxExp = 6;

    /// <summary>EXP_TABLE_SIZE / MAX_EXP / 2 in C integer arithmetic.</summary>
    public const int IndexScale = ExpTableSize / MaxExp / 2;

    private static readonly float[] s_table = Build();

    /// <summary>The table (with C's one extra slot past the end, as C allocates it); never written.</summary>
    public static float[] Array => s_table;

    private static readonly float[] s_log = BuildLog();

    /// <summary>log of each entry (gensim's LOG_TABLE), for the training loss: <c>-LogArray[i]</c> is the loss of a
    /// labelled dot product in slot <c>i</c>.</summary>
    internal static float[] LogArray => s_log;

    private static float[] BuildLog()
    {
        var t = new float[ExpTableSize + 1];
        for (int i = 0; i < ExpTableSize; i++) t[i] = (float)Math.Log(s_table[i]);
        return t;
    }

    private static float[] Build()
    {
        var t = new float[ExpTableSize + 1];
        for (int i = 0; i < ExpTableSize; i++)
        {
            float arg = (i / (float)ExpTableSize * 2 - 1) * MaxExp;
            float e = (float)Math.Exp(arg);
            t[i] = e / (e + 1);
        }
        return t;
    }
}
