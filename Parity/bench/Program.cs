using System.Diagnostics;
using System.Globalization;
using System.Text;
using Word2VecNative.Vectors;

namespace Word2VecNative.Bench;

/// <summary>
/// Benchmark helper for Parity/bench/vectors-bench.sh.
/// <c>gen FILE WORDS SIZE</c> writes a binary vectors file of random vectors;
/// <c>load FILE WARM</c> times a cold load and WARM more in the same process, printing "cold_s X warm_s Y";
/// <c>run FILE QUERIES</c> times most-similar top 10 (median over QUERIES words, after a warm-up) and prints
/// "most_similar_ms Y".
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "gen") return Generate(args[1], Int(args[2]), Int(args[3]));
        if (args.Length == 3 && args[0] == "load") return Load(args[1], Int(args[2]));
        if (args.Length == 3 && args[0] == "run") return Run(args[1], Int(args[2]));
        Console.Error.WriteLine("usage: bench gen FILE WORDS SIZE | bench load FILE WARM | bench run FILE QUERIES");
        return 2;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static int Generate(string path, int words, int size)
    {
        var rnd = new Random(12345);
        using (var s = File.Create(path))
        {
            var o = new BufferedStream(s, 1 << 20);
            o.Write(Encoding.ASCII.GetBytes($"{words} {size}\n"));
            var row = new float[size];
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(row.AsSpan());
            for (int i = 0; i < words; i++)
            {
                o.Write(Encoding.ASCII.GetBytes($"w{i} "));
                for (int a = 0; a < size; a++) row[a] = (float)(rnd.NextDouble() - 0.5);
                o.Write(bytes);
                o.WriteByte((byte)'\n');
            }
            o.Flush();
        }
        return 0;
    }

    /// <summary>Loads in a fresh process: the first is cold (JIT compilation and the first touch of the memory
    /// included, what a program pays once), the next <paramref name="warm"/> are timed apart (median).</summary>
    private static int Load(string path, int warm)
    {
        var times = new List<double>();
        double cold = 0;
        for (int i = 0; i <= warm; i++)
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var v = WordVectors.Load(path, VectorFileFormat.Binary);
            double t = sw.Elapsed.TotalSeconds;
            GC.KeepAlive(v);
            if (i == 0) cold = t; else times.Add(t);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cold_s {cold:F4} warm_s {(times.Count > 0 ? Median(times) : cold):F4}"));
        return 0;
    }

    private static int Run(string path, int queries)
    {
        var v = WordVectors.Load(path, VectorFileFormat.Binary);
        // Warm-up until the JIT has compiled the scan at full optimisation (tiered compilation starts with
        // unoptimised code): at least 100 queries and one second. gensim's numpy needs no such step.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 100 || warm.Elapsed.TotalSeconds < 1; i++) v.MostSimilar(v.Word(1 + i % (v.Count - 1)), 10);
        var lat = new List<double>();
        for (int q = 0; q < queries; q++)
        {
            string w = v.Word((int)((q * 7919L + 1) % v.Count));
            var sw = Stopwatch.StartNew();
            v.MostSimilar(w, 10);
            lat.Add(sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"most_similar_ms {Median(lat):F4}"));
        return 0;
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        int n = xs.Count;
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }
}
