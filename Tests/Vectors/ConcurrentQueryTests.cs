using NUnit.Framework;
using Word2VecNative.Vectors;

namespace Word2VecNative.Tests.Vectors;

/// <summary>One <see cref="WordVectors"/> shared by many threads answers every query exactly as it answers it alone:
/// a mixed stream of similarity, most-similar (one word, positive/negative lists, 3CosMul), analogy, raw-vector,
/// n-similarity, distances, rank, doesnt-match and mean-vector queries, seeded, compared answer by answer with a
/// single-threaded run of the same stream; and the same file memory-mapped, queried by as many threads, answers the
/// same bits.</summary>
[NonParallelizable]
public sealed class ConcurrentQueryTests
{
    private const int Threads = 8;

    /// <summary>2,500 per thread in CI (20,000 in all); W2V_QUERIES_PER_THREAD=20000 runs the full load.</summary>
    private static readonly int s_queriesPerThread =
        int.TryParse(Environment.GetEnvironmentVariable("W2V_QUERIES_PER_THREAD"), out int n) && n > 0 ? n : 2_500;

    [Test]
    public void WordVectors_ManyThreads_AnswerExactlyAsOne()
    {
        // 25,000 × 48 floats: large enough that each scan is itself split across threads.
        var vectors = Load(words: 25_000, size: 48, seed: 5);
        // The first query computes the row lengths; they must be computed once, whoever asks first.
        var streams = Enumerable.Range(0, Threads).Select(t => Queries(vectors, s_queriesPerThread, seed: 100 + t)).ToArray();
        var alone = streams.Select(s => s.Select(q => q(vectors)).ToArray()).ToArray();

        foreach (var (name, fresh) in new[] { ("loaded", Load(words: 25_000, size: 48, seed: 5)), ("mapped", Map(words: 25_000, size: 48, seed: 5)) })
        {
            using var vectors2 = fresh;
            var together = new string[Threads][];
            using var start = new Barrier(Threads);
            var workers = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
            {
                start.SignalAndWait();
                together[t] = streams[t].Select(q => q(fresh)).ToArray();
            })).ToArray();
            foreach (var w in workers) w.Start();
            foreach (var w in workers) w.Join();

            for (int t = 0; t < Threads; t++)
                for (int i = 0; i < s_queriesPerThread; i++)
                    Assert.That(together[t][i], Is.EqualTo(alone[t][i]), $"{name}: thread {t}, query {i}");
        }
    }

    /// <summary>
    /// Memory-mapped vectors disposed while four threads query them in a loop (the seeded mixed stream, plus rows read
    /// as memory): every query that starts after <see cref="WordVectors.Dispose"/> has returned throws
    /// <see cref="ObjectDisposedException"/>; every one that succeeds answers as the loaded file does; nothing else is
    /// thrown and nothing crashes; and the file is unmapped once the last query has ended.
    /// </summary>
    [Test]
    public void MappedVectors_DisposeUnderLoad_LaterQueriesThrowAndStartedOnesFinishExactly()
    {
        const int Words = 4_000, Size = 32, Workers = 4, PerThread = 300, RefusalsEach = 300;
        var loaded = Load(Words, Size, seed: 6);
        string path = Scratch.File(File(Words, Size, seed: 6));
        var streams = Enumerable.Range(0, Workers).Select(t => Queries(loaded, PerThread, seed: 300 + t)
            .Append(x => Bits(x.VectorMemory(t).ToArray()))
            .Append(x => x.Word(Words - 1 - t) + Bits(x.Norm(t)) + x.IndexOf("w" + t))
            .ToArray()).ToArray();
        var expected = streams.Select(s => s.Select(q => q(loaded)).ToArray()).ToArray();
        var v = WordVectors.OpenMapped(path);
        int disposed = 0;
        long before = 0, after = 0;
        var refused = new int[Workers];
        var problems = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var start = new Barrier(Workers + 1);
        var workers = Enumerable.Range(0, Workers).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (int i = 0; refused[t] < RefusalsEach && problems.IsEmpty; i = (i + 1) % streams[t].Length)
            {
                bool late = Volatile.Read(ref disposed) == 1;
                try
                {
                    string got = streams[t][i](v);
                    Interlocked.Increment(ref late ? ref after : ref before);
                    if (got != expected[t][i]) problems.Enqueue($"thread {t}, query {i}: a wrong answer");
                }
                catch (ObjectDisposedException)
                {
                    refused[t]++;
                }
                catch (Exception e)
                {
                    problems.Enqueue($"thread {t}, query {i}: {e.GetType().Name}: {e.Message}");
                }
            }
        })).ToArray();
        foreach (var w in workers) w.Start();
        start.SignalAndWait();
        Thread.Sleep(300);
        v.Dispose();
        Volatile.Write(ref disposed, 1);
        foreach (var w in workers) Assert.That(w.Join(TimeSpan.FromSeconds(60)), Is.True, "a query hangs");
        TestContext.Progress.WriteLine($"dispose under load: {before} answered before, {after} after, {refused.Sum()} refused");
        Assert.That(problems, Is.Empty, string.Join("\n", problems.Take(5)));
        Assert.That(before, Is.GreaterThan(0));
        Assert.That(after, Is.Zero, "queries that started after Dispose returned and succeeded");
        if (OperatingSystem.IsLinux())
            Assert.That(System.IO.File.ReadAllText("/proc/self/maps"), Does.Not.Contain(path), "still mapped after the last query ended");
    }

    private static string Bits(float[] v) => string.Join(",", v.Select(Bits));

    private static byte[] File(int words, int size, int seed)
    {
        var r = new Random(seed);
        var names = Enumerable.Range(0, words).Select(i => System.Text.Encoding.ASCII.GetBytes("w" + i)).ToArray();
        var values = new float[words * size];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(r.NextDouble() * 2 - 1);
        using var ms = new MemoryStream();
        VectorFileWriter.Write(ms, names, values, size, binary: true);
        return ms.ToArray();
    }

    private static WordVectors Load(int words, int size, int seed) => WordVectors.Load(new MemoryStream(File(words, size, seed)));

    private static WordVectors Map(int words, int size, int seed) => WordVectors.OpenMapped(Scratch.File(File(words, size, seed)));

    /// <summary>A seeded stream of queries; each renders its answer as text (indices and float bits) for comparison.</summary>
    private static List<Func<WordVectors, string>> Queries(WordVectors v, int count, int seed)
    {
        var r = new Random(seed);
        string W() => "w" + r.Next(v.Count);
        var list = new List<Func<WordVectors, string>>(count);
        for (int i = 0; i < count; i++)
        {
            switch (r.Next(10))
            {
                case 0:
                    {
                        string a = W(), b = W();
                        list.Add(x => Bits(x.Similarity(a, b)));
                        break;
                    }
                case 1:
                    {
                        string a = W();
                        int n = r.Next(1, 30);
                        list.Add(x => Render(x.MostSimilar(a, n)));
                        break;
                    }
                case 2:
                    {
                        string[] pos = [W(), W()];
                        string[] neg = [W()];
                        list.Add(x => Render(x.MostSimilar(pos, neg, 10)));
                        break;
                    }
                case 3:
                    {
                        string a = W(), b = W(), c = W();
                        list.Add(x => Render(x.Analogy(a, b, c, 5)));
                        break;
                    }
                case 4:
                    {
                        string[] pos = [W(), W()];
                        string[] neg = [W()];
                        list.Add(x => Render(x.MostSimilarCosmul(pos, neg, 10)));
                        break;
                    }
                case 5:
                    {
                        string[] a = [W(), W()], b = [W(), W(), W()];
                        list.Add(x => Bits(x.NSimilarity(a, b)));
                        break;
                    }
                case 6:
                    {
                        string a = W(), b = W(), c = W();
                        list.Add(x => string.Join(",", x.Distances(a, [b, c]).Select(Bits)) + ";" + x.Rank(a, b));
                        break;
                    }
                case 7:
                    {
                        string[] words = [W(), W(), W(), W(), "unknown"];
                        list.Add(x => x.DoesntMatch(words) + ";" + string.Join(",", x.MeanVector(words).Select(Bits)));
                        break;
                    }
                default:
                    {
                        var q = Enumerable.Range(0, v.Size).Select(_ => (float)(r.NextDouble() - 0.5)).ToArray();
                        list.Add(x => Render(x.Nearest(q, 7)));
                        break;
                    }
            }
        }
        return list;
    }

    private static string Bits(float f) => BitConverter.SingleToInt32Bits(f).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Render(IReadOnlyList<Neighbour> hits) =>
        string.Join(';', hits.Select(h => $"{h.Index}:{BitConverter.SingleToInt32Bits(h.Similarity)}"));
}
