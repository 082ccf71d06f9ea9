using System.Reflection;
using Word2VecNative.Gpu;
using Word2VecNative.Training;

namespace Word2VecNative.PackageCheck;

/// <summary>What the app checks after the snippets ran; each failure is one line on standard error.</summary>
internal static class Checks
{
    private static int s_failures;

    public static int Failures => s_failures;

    /// <summary>The assemblies are the packages' (their informational version starts with the package version).</summary>
    public static void Assemblies(string version)
    {
        foreach (var assembly in new[] { typeof(Trainer).Assembly, typeof(GpuTrainer).Assembly })
        {
            string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            Console.WriteLine($"assembly {assembly.GetName().Name} {informational}");
            Expect(informational != null && informational.Split('+')[0] == version,
                $"{assembly.GetName().Name} has version {informational}, not the package's {version}");
        }
    }

    /// <summary>The README's library examples: vectors written, and the neighbours they printed ("word 0.1234" lines;
    /// the training progress, written with carriage returns, set apart) are cities.</summary>
    public static void LibraryExample(string printed)
    {
        Console.WriteLine();
        Console.Write(printed);
        Console.WriteLine();
        var lines = printed.Split('\n', '\r').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+ -?\d+\.\d{4}$")).ToArray();
        Expect(lines.Length >= 3, "the README's query examples printed fewer than three neighbours");
        foreach (var line in lines)
        {
            string word = line.Split(' ')[0];
            Expect(Given.Cities.Contains(word), $"the README's query example printed '{line}': '{word}' is not a city");
        }
        Expect(File.Exists("vectors.bin") && File.Exists("vectors.txt"), "the README's training example wrote no vectors.bin and vectors.txt");
        if (File.Exists("vectors.txt"))
        {
            string header = File.ReadLines("vectors.txt").First();
            Console.WriteLine($"vectors.txt header: {header}");
            var counts = header.Split(' ');
            Expect(counts.Length == 2 && counts.All(c => int.TryParse(c, out int n) && n > 0), $"vectors.txt starts with '{header}', not 'words size'");
        }
    }

    /// <summary>Runs the README's library examples on corpus.txt (<paramref name="sentences"/> sentences, written first),
    /// in order, and returns what they printed; an exception is a failure.</summary>
    public static string LibraryExamples(int sentences, Func<Task> examples)
    {
        Console.WriteLine("README.md library examples:");
        Given.WriteCorpus(sentences);
        return Printed("README.md library", () => examples().GetAwaiter().GetResult());
    }

    /// <summary>Runs a package README's example, which trains on corpus.txt (<paramref name="sentences"/> sentences,
    /// written first) and writes vectors.bin; returns what it printed (also echoed).</summary>
    public static string PackageReadme(string name, int sentences, Action example)
    {
        Console.WriteLine($"{name} README example:");
        Given.WriteCorpus(sentences);
        File.Delete("vectors.bin");
        string printed = Printed(name, example);
        Console.Write(printed);
        Expect(File.Exists("vectors.bin"), $"the {name} README example wrote no vectors.bin");
        return printed;
    }

    /// <summary>What <paramref name="example"/> writes to the console; an exception is a failure.</summary>
    private static string Printed(string name, Action example)
    {
        var console = Console.Out;
        var printed = new StringWriter();
        Console.SetOut(printed);
        try
        {
            example();
        }
        catch (Exception e)
        {
            Expect(false, $"the {name} README example threw {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Console.SetOut(console);
        }
        return printed.ToString();
    }

    /// <summary>The engine package's example printed the five neighbours of "paris": the first and at least four of
    /// them cities. (It trains with four Hogwild threads, so its vectors differ from run to run. On 3,000 sentences the
    /// words of the one pattern that names a city, "PARIS has SIX old bridges", took the third to fifth places in about
    /// one run of three; on the 20,000 it is given, 400 runs of 400 printed five cities. Untrained or broken vectors
    /// give no such list.)</summary>
    public static void PrintsCities(string name, string printed)
    {
        var words = printed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToArray();
        Expect(words.Length == 5 && Given.Cities.Contains(words[0]) && words.Count(Given.Cities.Contains) >= 4,
            $"the {name} README example printed words that are not mostly cities: {string.Join(", ", words)}");
    }

    /// <summary>An OpenCL device to run the GPU package's example on (PoCL on the CPU will do).</summary>
    public static bool HasOpenClDevice(out string why)
    {
        var report = GpuDevices.Report(GpuBackend.OpenCl);
        why = report.Error ?? "";
        return report.Devices.Count > 0;
    }

    private static void Expect(bool condition, string failure)
    {
        if (condition) return;
        Console.Error.WriteLine("FAIL: " + failure);
        s_failures++;
    }
}
