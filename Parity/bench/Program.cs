using System.Diagnostics;
using System.Globalization;
using System.Text;
using Word2VecNative.Vectors;

namespace Word2VecNative.Bench;

/// <summary>
/// Benchmark helper for Parity/bench/vectors-bench.sh.
/// <c>gen FILE WORDS SIZE</c> writes a binary vectors file of random vectors;
/// <c>load FILE WARM</c> times a cold load and WARM more in the same process, printing "cold_s X warm_s Y";
/// <c>run FILE QUERIES [HOW]</c> times most-similar top 10 (median over QUERIES words, after a warm-up) and prints
/// "most_similar_ms Y";
/// <c>first FILE [HOW]</c> opens the file and answers one most-similar query, as a service starting up does, and prints
/// "open_s X first_query_s Y" (the script measures the process's peak resident memory around it).
/// <c>touch FILE</c> maps the file and reads one byte of each 4 KB page, twice: the least a first scan through the
/// mapping would cost, then the least a later one would (scans read rows with positional reads instead); prints
/// "touch_s X again_s Y".
/// HOW is <c>loaded</c> (the streaming loader, the default), <c>normalized</c> (the loader keeping unit rows only) or
/// <c>mapped</c> (memory-mapped with its index, written first where it is missing).
/// <c>peak</c> and <c>rows</c> are the training step's compute and memory limits (see <see cref="Peak"/>).
/// <c>allreduce FLOATS ROUNDS</c>, under mpirun, times the reduction of a model (see <see cref="AllreduceBench"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 4 && args[0] == "gen") return Generate(args[1], Int(args[2]), Int(args[3]));
        if (args.Length == 3 && args[0] == "load") return Load(args[1], Int(args[2]));
        if (args.Length is 3 or 4 && args[0] == "run") return Run(args[1], Int(args[2]), args.Length > 3 ? args[3] : "loaded");
        if (args.Length is 2 or 3 && args[0] == "first") return First(args[1], args.Length > 2 ? args[2] : "loaded");
        if (args.Length == 2 && args[0] == "touch") return Touch(args[1]);
        if (args.Length is 3 or 4 or 5 && args[0] == "peak")
            return Peak.Compute(Int(args[1]), Double(args[2]), args.Length > 3 ? Int(args[3]) : 100, args.Length > 4 ? Int(args[4]) : 6);
        if (args.Length == 3 && args[0] == "allreduce") return AllreduceBench.Run(long.Parse(args[1], CultureInfo.InvariantCulture), Int(args[2]));
        if (args.Length is 4 or 5 && args[0] == "rows") return Peak.Rows(Int(args[1]), Double(args[2]), Int(args[3]), args.Length > 4 ? Int(args[4]) : 100);
        Console.Error.WriteLine("usage: bench gen FILE WORDS SIZE | bench load FILE WARM | bench run FILE QUERIES [HOW] | bench first FILE [HOW] | bench peak THREADS SECONDS [SIZE] [TARGETS] | bench rows THREADS SECONDS ROWS [SIZE] | mpirun -np N bench allreduce FLOATS ROUNDS  (HOW: loaded, normalized, mapped)");
        return 2;
    }

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    private static double Double(string s) => double.Parse(s, CultureInfo.InvariantCulture);

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

    private static WordVectors Open(string path, string how) => how switch
    {
        "loaded" => WordVectors.Load(path, VectorFileFormat.Binary),
        "normalized" => WordVectors.Load(path, VectorFileFormat.Binary, normalize: true),
        "mapped" => WordVectors.OpenMapped(path),
        _ => throw new ArgumentException("HOW is loaded, normalized or mapped", nameof(how)),
    };

    private static int Run(string path, int queries, string how)
    {
        using var v = Open(path, how);
        // Warm-up until the JIT has compiled the scan at full optimisation (tiered compilation starts with
        // unoptimised code): at least three queries and one second, and up to 100. gensim's numpy needs no such step.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 3 || (i < 100 && warm.Elapsed.TotalSeconds < 1); i++) v.MostSimilar(v.Word(1 + i % (v.Count - 1)), 10);
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

    /// <summary>A fresh process's open (load) and first most-similar query, as a service starting up pays them;
    /// its peak resident memory is measured around the process.</summary>
    private static int First(string path, string how)
    {
        var sw = Stopwatch.StartNew();
        using var v = Open(path, how);
        double open = sw.Elapsed.TotalSeconds;
        sw.Restart();
        v.MostSimilar(v.Word(1), 10);
        double first = sw.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"open_s {open:F4} first_query_s {first:F4} {Resident()}"));
        return 0;
    }

    private static unsafe int Touch(string path)
    {
        var sw = Stopwatch.StartNew();
        using var file = System.IO.MemoryMappedFiles.MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        using var view = file.CreateViewAccessor(0, 0, System.IO.MemoryMappedFiles.MemoryMappedFileAccess.Read);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        long length = new FileInfo(path).Length, sum = 0;
        for (long at = 0; at < length; at += 4096) sum += p[at];
        double first = sw.Elapsed.TotalSeconds;
        sw.Restart();
        for (long at = 0; at < length; at += 4096) sum += p[at];
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"touch_s {first:F4} again_s {sw.Elapsed.TotalSeconds:F4} sum {sum}"));
        return 0;
    }

    /// <summary>The process's resident memory now, from /proc/self/status: private (anonymous) and file-backed
    /// (mapped files, shared with other processes), "anon_mb X file_mb Y".</summary>
    private static string Resident()
    {
        var kb = File.ReadLines("/proc/self/status").Where(l => l.StartsWith("RssAnon:", StringComparison.Ordinal) || l.StartsWith("RssFile:", StringComparison.Ordinal))
            .ToDictionary(l => l[..7], l => long.Parse(l[8..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
        return string.Create(CultureInfo.InvariantCulture, $"anon_mb {kb["RssAnon"] / 1024} file_mb {kb["RssFile"] / 1024}");
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        int n = xs.Count;
        return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
    }
}
