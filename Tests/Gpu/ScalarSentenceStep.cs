using Word2VecNative.Training;
using Word2VecNative.Vocab;

namespace Word2VecNative.Tests.Gpu;

/// <summary>The CPU engine's arithmetic for one sentence (TrainingRun's inner loop with the scalar kernel), with the
/// generator seeded as the device seeds a sentence: the reference the device kernel is compared with.</summary>
internal static class ScalarSentenceStep
{
    public static void Train(int[] sen, ulong seed, float alpha, TrainingOptions o, Vocabulary vocab,
        float[] syn0, float[] syn1, float[] syn1neg)
    {
        int size = o.Size, window = o.Window;
        var tree = HuffmanTree.Build(vocab);
        var table = o.Negative > 0 ? UnigramTable.Build(vocab) : null;
        var rnd = new CRandom(seed);
        var neu1 = new float[size];
        var neu1e = new float[size];
        int len = sen.Length;
        for (int pos = 0; pos < len; pos++)
        {
            int word = sen[pos];
            Array.Clear(neu1);
            Array.Clear(neu1e);
            int b = (int)(rnd.Next() % (ulong)window);
            int aEnd = window * 2 + 1 - b;
            if (o.Cbow)
            {
                int cw = 0;
                for (int a = b; a < aEnd; a++)
                {
                    int c = pos - window + a;
                    if (a == window || c < 0 || c >= len) continue;
                    for (int k = 0; k < size; k++) neu1[k] += syn0[sen[c] * size + k];
                    cw++;
                }
                if (cw == 0) continue;
                for (int k = 0; k < size; k++) neu1[k] /= cw;
                Output(word, neu1, neu1e, ref rnd);
                for (int a = b; a < aEnd; a++)
                {
                    int c = pos - window + a;
                    if (a == window || c < 0 || c >= len) continue;
                    for (int k = 0; k < size; k++) syn0[sen[c] * size + k] += neu1e[k];
                }
            }
            else
            {
                for (int a = b; a < aEnd; a++)
                {
                    int c = pos - window + a;
                    if (a == window || c < 0 || c >= len) continue;
                    var l1 = new float[size];
                    Array.Copy(syn0, sen[c] * size, l1, 0, size);
                    Array.Clear(neu1e);
                    Output(word, l1, neu1e, ref rnd);
                    for (int k = 0; k < size; k++) syn0[sen[c] * size + k] += neu1e[k];
                }
            }
        }

        void Output(int word, float[] h, float[] e, ref CRandom r)
        {
            if (o.HierarchicalSoftmax)
            {
                var code = tree.Code(word);
                var points = tree.Points(word);
                for (int d = 0; d < code.Length; d++)
                {
                    int l2 = points[d] * size;
                    float f = Dot(h, syn1, l2);
                    if (f <= -SigmoidTable.MaxExp || f >= SigmoidTable.MaxExp) continue;
                    f = SigmoidTable.Table[SigmoidTable.Index(f)];
                    float g = (1 - code[d] - f) * alpha;
                    Backprop(g, e, syn1, l2, h);
                }
            }
            for (int d = 0; d < o.Negative + 1 && o.Negative > 0; d++)
            {
                int target, label;
                if (d == 0) { target = word; label = 1; }
                else
                {
                    ulong x = r.Next();
                    target = table!.Draw(x);
                    if (target == 0) target = (int)(x % (ulong)(vocab.Count - 1)) + 1;
                    if (target == word) continue;
                    label = 0;
                }
                int l2 = target * size;
                float f = Dot(h, syn1neg, l2);
                float g;
                if (f > SigmoidTable.MaxExp) g = (label - 1) * alpha;
                else if (f < -SigmoidTable.MaxExp) g = (label - 0) * alpha;
                else g = (label - SigmoidTable.Table[SigmoidTable.Index(f)]) * alpha;
                Backprop(g, e, syn1neg, l2, h);
            }
        }

        float Dot(float[] h, float[] m, int at)
        {
            float f = 0;
            for (int k = 0; k < size; k++) f += h[k] * m[at + k];
            return f;
        }

        void Backprop(float g, float[] e, float[] m, int at, float[] h)
        {
            for (int k = 0; k < size; k++) e[k] += g * m[at + k];
            for (int k = 0; k < size; k++) m[at + k] += g * h[k];
        }
    }
}
