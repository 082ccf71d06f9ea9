using System.Runtime.CompilerServices;

namespace Word2VecNative.Training;

/// <summary>word2vec.c's expTable: EXP_TABLE_SIZE entries of sigmoid over [-MAX_EXP, MAX_EXP), computed with the
/// C expressions (float argument, double exp, float storage), indexed with C's expression
/// <c>(int)((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))</c>, where the integer division makes the factor 83.</summary>
public static class SigmoidTable
{
    public const int ExpTableSize = 1000;
    public const int MaxExp = 6;
    /// <summary>EXP_TABLE_SIZE / MAX_EXP / 2 in C integer arithmetic.</summary>
    public const int IndexScale = ExpTableSize / MaxExp / 2;

    private static readonly float[] s_table = Build();

    public static ReadOnlySpan<float> Table => s_table;

    internal static float[] Array => s_table;

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Index(float f) => (int)((f + MaxExp) * IndexScale);
}
