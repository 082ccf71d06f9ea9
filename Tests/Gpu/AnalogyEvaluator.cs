using System.Numerics.Tensors;
using Word2VecNative.Training;

namespace Word2VecNative.Tests.Gpu;

/// <summary>Top-1 3CosAdd analogy accuracy as compute-accuracy computes it: vectors normalised, the vocabulary
/// restricted to the most frequent words, questions with an unknown word skipped, a, b and c excluded from the answers.</summary>
internal static class AnalogyEvaluator
{
    public sealed record Result(int Correct, int Asked, int Total)
    {
        public double Percent => Asked == 0 ? 0 : 100.0 * Correct / Asked;
    }

    public static Result Evaluate(Word2VecModel model, string questionsPath, int restrict = 30000)
    {
        int n = Math.Min(restrict, model.Vocabulary.Count);
        int size = model.Size;
        var m = new float[(long)n * size];
        var index = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (int w = 0; w < n; w++)
        {
            var row = m.AsSpan(w * size, size);
            model.Vector(w).CopyTo(row);
            float len = MathF.Sqrt(TensorPrimitives.Dot<float>(row, row));
            if (len > 0) TensorPrimitives.Divide(row, len, row);
            index.TryAdd(model.Vocabulary.WordString(w).ToUpperInvariant(), w);
        }
        var questions = new List<(int A, int B, int C, int D)>();
        int total = 0;
        foreach (string line in File.ReadLines(questionsPath))
        {
            if (line.StartsWith(':')) continue;
            var p = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (p.Length != 4) continue;
            total++;
            if (index.TryGetValue(p[0].ToUpperInvariant(), out int a) && index.TryGetValue(p[1].ToUpperInvariant(), out int b)
                && index.TryGetValue(p[2].ToUpperInvariant(), out int c) && index.TryGetValue(p[3].ToUpperInvariant(), out int d))
                questions.Add((a, b, c, d));
        }
        int correct = 0;
        Parallel.For(0, questions.Count, () => (new float[size], 0), (i, _, local) =>
        {
            var (a, b, c, d) = questions[i];
            var v = local.Item1;
            for (int k = 0; k < size; k++) v[k] = m[(long)b * size + k] - m[(long)a * size + k] + m[(long)c * size + k];
            int best = -1;
            float bestScore = float.NegativeInfinity;
            for (int w = 0; w < n; w++)
            {
                if (w == a || w == b || w == c) continue;
                float s = TensorPrimitives.Dot<float>(v, m.AsSpan(w * size, size));
                if (s > bestScore) { bestScore = s; best = w; }
            }
            return (v, local.Item2 + (best == d ? 1 : 0));
        }, local => Interlocked.Add(ref correct, local.Item2));
        return new Result(correct, questions.Count, total);
    }
}
