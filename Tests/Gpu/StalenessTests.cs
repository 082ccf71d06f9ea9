using System.Diagnostics;
using NUnit.Framework;
using Word2VecNative.Training;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Gpu;

/// <summary>
/// The GPU trains thousands of sentences at once, each a word at a time, and every step reads weights that the other
/// sentences' steps of the same moment have not yet written. This emulates the worst of it with the engine's own
/// step (<see cref="TrainingWorker.TrainPosition{TMath}"/>): every sentence of an epoch is in flight, stepped
/// round-robin one word each per round, and every step of a round reads the weights as they were when the round
/// began; the steps' changes are added up and land at the end of the round. CBOW with negative sampling on the text8
/// prefix learns as well that way as trained one sentence after the other (analogy accuracy within 1.5 points).
/// The changes must be added, as the kernel's atomic adds add them: when each row instead takes the value its last
/// writer of the round computed from its read (what a write-back of <c>old + change</c> does under concurrency),
/// every other step's change to that row is lost, and the same run learns far less.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StalenessTests
{
    [Test]
    public void AllSentencesInFlight_ReadingRoundOldWeights_LearnAsWellAsSequential()
    {
        string text = GpuTestEnvironment.SharedFile("text8-prefix-12.5M");
        string questions = GpuTestEnvironment.SharedFile("questions-words.txt");
        var o = new TrainingOptions { Size = 100, Window = 5, Sample = 1e-3f, Negative = 5, HierarchicalSoftmax = false, Cbow = true, Iterations = 3, MinCount = 5 };
        using var corpus = TrainingCorpus.FromFile(text);
        var setup = TrainingSetup.Create(o, corpus);
        setup.LearnVocabulary();

        var sw = Stopwatch.StartNew();
        var (sequential, _) = Train(setup, inFlight: 1);
        double sequentialSeconds = sw.Elapsed.TotalSeconds;
        sw.Restart();
        var (stale, rounds) = Train(setup, inFlight: 1 << 16);
        double staleSeconds = sw.Elapsed.TotalSeconds;
        var (overwritten, _) = Train(setup, inFlight: 1 << 16, overwrite: true);

        var seq = WordVectors.FromModel(sequential).EvaluateAnalogies(questions, threshold: 30000);
        var st = WordVectors.FromModel(stale).EvaluateAnalogies(questions, threshold: 30000);
        var lost = WordVectors.FromModel(overwritten).EvaluateAnalogies(questions, threshold: 30000);
        TestContext.Out.WriteLine($"sequential: {seq.Accuracy:F2}% of {seq.QuestionsSeen} ({sequentialSeconds:F1} s); all sentences in flight, " +
            $"{rounds} rounds: {st.Accuracy:F2}% with the changes added ({staleSeconds:F1} s), {lost.Accuracy:F2}% with each row overwritten " +
            "by its last writer of a round");
        Assert.That(seq.QuestionsSeen, Is.GreaterThan(1000), "too few questions are covered by the vocabulary");
        Assert.That(seq.Accuracy, Is.GreaterThan(3), "the sequential run learnt too little for a meaningful comparison");
        Assert.That(st.Accuracy, Is.EqualTo(seq.Accuracy).Within(1.5), "stale reads changed what is learnt");
        Assert.That(lost.Accuracy, Is.LessThan(st.Accuracy - 1.5), "overwriting rows, which loses the other writers' changes, should cost accuracy");
    }

    /// <summary>Trains <paramref name="inFlight"/> sentences at a time, round-robin, one word of each per round, every
    /// step of a round reading the weights of the round's start (1: one sentence after the other, fresh reads).
    /// With <paramref name="overwrite"/> a row takes the value of the last step of the round that changed it, instead
    /// of every step's change added. Returns the model and the rounds of the stale run.</summary>
    private static unsafe (Word2VecModel Model, long Rounds) Train(TrainingSetup setup, int inFlight, bool overwrite = false)
    {
        var o = setup.Options;
        var vocab = setup.Vocabulary;
        int size = o.Size, window = o.Window, words = vocab.Count;
        var table = setup.NegativeTable!;
        Assert.That(o.Cbow && !o.HierarchicalSoftmax, "the emulation knows the rows of CBOW with negative sampling only");
        using var weights = new ModelWeights(words, size, setup.InitialVectors(), null, new float[(long)words * size]);
        float[] read0 = weights.Syn0Array, read1 = weights.Syn1NegArray!;
        // The weights with every landed change (the reads see them from the next round on).
        float[] live0 = (float[])read0.Clone(), live1 = (float[])read1.Clone();
        using var worker = new TrainingWorker(weights, setup, 1, privateHotRows: false);

        long total = (long)o.Iterations * vocab.TrainWords, stepped = 0, rounds = 0;
        var rowStamp = new int[2 * words];
        var roundStamp = new int[2 * words];
        int step = 0, round = 0;
        var rows = new List<int>();
        var dirty = new List<int>();
        var saved = new float[(2 * window + o.Negative + 2) * size];
        var sentenceRandom = new CRandom(7);
        for (int epoch = 0; epoch < o.Iterations; epoch++)
        {
            var sentences = new List<int[]>();
            using (var reader = setup.OpenSentences())
            {
                var buffer = new int[SentenceReader.MaxSentenceLength];
                while (!reader.EndOfFile)
                {
                    int n = reader.Read(buffer, ref sentenceRandom);
                    if (n > 0) sentences.Add(buffer[..n]);
                }
            }
            int next = 0;
            var slots = new List<(int[] Sentence, int Pos, CRandom Random)>();
            while (next < sentences.Count || slots.Count > 0)
            {
                while (slots.Count < inFlight && next < sentences.Count)
                {
                    slots.Add((sentences[next], 0, new CRandom((ulong)(epoch * 1_000_003 + next))));
                    next++;
                }
                round++;
                rounds++;
                dirty.Clear();
                for (int i = 0; i < slots.Count; i++)
                {
                    var (sentence, pos, random) = slots[i];
                    float alpha = setup.LearningRate.Starting * Math.Max(1 - stepped / (float)(total + 1), 1e-4f);
                    if (inFlight == 1)
                    {
                        worker.Random = random;
                        worker.TrainPosition<SimdMath>(sentence, pos, alpha);
                        random = worker.Random;
                    }
                    else
                    {
                        // The rows this step may change: its window's input rows, and the target's and every negative
                        // it may draw (replayed from its generator: the shrink, then the draws of CBOW's one pair).
                        step++;
                        rows.Clear();
                        for (int c = Math.Max(0, pos - window); c <= Math.Min(sentence.Length - 1, pos + window); c++) Add(sentence[c]);
                        Add(words + sentence[pos]);
                        var replay = random;
                        replay.Next();
                        for (int d = 0; d < o.Negative; d++)
                        {
                            ulong r = replay.Next();
                            long target = table.Draw(r);
                            if (target == 0) target = (long)(r % (ulong)(words - 1)) + 1;
                            Add(words + (int)target);
                        }
                        for (int j = 0; j < rows.Count; j++) Row(rows[j], read0, read1).CopyTo(saved.AsSpan(j * size, size));
                        worker.Random = random;
                        worker.TrainPosition<SimdMath>(sentence, pos, alpha);
                        random = worker.Random;
                        // The step's change goes to the live weights; the reads go back to the round's start.
                        for (int j = 0; j < rows.Count; j++)
                        {
                            var now = Row(rows[j], read0, read1);
                            var before = saved.AsSpan(j * size, size);
                            var live = Row(rows[j], live0, live1);
                            // Added, as the kernel's atomic adds land; or overwritten with this step's value, as a
                            // write-back of a value computed from the read does (the round's last writer wins).
                            if (overwrite) now.CopyTo(live);
                            else for (int k = 0; k < size; k++) live[k] += now[k] - before[k];
                            before.CopyTo(now);
                            if (roundStamp[rows[j]] != round)
                            {
                                roundStamp[rows[j]] = round;
                                dirty.Add(rows[j]);
                            }
                        }
                    }
                    stepped++;
                    slots[i] = (sentence, pos + 1, random);
                }
                // The round's changes land.
                foreach (int row in dirty) Row(row, live0, live1).CopyTo(Row(row, read0, read1));
                slots.RemoveAll(s => s.Pos >= s.Sentence.Length);
            }
        }
        return (new Word2VecModel(vocab, inFlight == 1 ? read0 : live0, size), inFlight == 1 ? 0 : rounds);

        void Add(int row)
        {
            if (rowStamp[row] == step) return;
            rowStamp[row] = step;
            rows.Add(row);
        }

        Span<float> Row(int row, float[] syn0, float[] syn1neg) =>
            row < words ? syn0.AsSpan(row * size, size) : syn1neg.AsSpan((row - words) * size, size);
    }
}
