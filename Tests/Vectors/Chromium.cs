using System.Net;
using System.Text.RegularExpressions;
using NUnit.Framework;
using Word2VecNative.Parity.Infrastructure;

namespace Word2VecNative.Tests.Vectors;

/// <summary>Headless Chromium (Debian's chromium package in CI) as a measuring tool: a page is loaded, its script
/// writes what it measured into an element, and <c>--dump-dom</c> hands the element back. Tests that need it are
/// skipped with the reason where none is found, except in CI (CI=true) where they fail. WORD2VEC_CHROMIUM names the
/// browser to use.</summary>
internal static partial class Chromium
{
    private static readonly Lazy<(string? Path, string Why)> s_browser = new(Find);

    public static string Require()
    {
        var (path, why) = s_browser.Value;
        if (path != null) return path;
        string msg = "headless Chromium unavailable (" + why + "); install chromium (Debian: apt-get install chromium) or set WORD2VEC_CHROMIUM";
        if (RepoPaths.InCi) Assert.Fail(msg);
        Assert.Ignore(msg);
        return null!;
    }

    private static (string?, string) Find()
    {
        var candidates = new List<string>();
        string? env = Environment.GetEnvironmentVariable("WORD2VEC_CHROMIUM");
        if (!string.IsNullOrEmpty(env)) candidates.Add(env);
        candidates.AddRange(["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"]);
        string why = "no chromium, chromium-browser or google-chrome found";
        foreach (var c in candidates)
        {
            try
            {
                var r = ProcessRunner.Run(c, ["--version"], timeoutSeconds: 60);
                if (r.ExitCode == 0) return (c, "");
                why = $"{c} --version failed: {r.Stderr.Trim().Split('\n').LastOrDefault()}";
            }
            catch (System.ComponentModel.Win32Exception) { }
        }
        return (null, why);
    }

    /// <summary>Loads <paramref name="htmlPath"/> headless and returns the text of its element
    /// <c>&lt;pre id="result"&gt;</c> once the page's scripts have run.</summary>
    public static string Measure(string htmlPath)
    {
        string browser = Require();
        string profile = Path.Combine(Path.GetDirectoryName(htmlPath)!, "chromium-profile");
        var r = ProcessRunner.Run(browser,
            ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + profile, "--dump-dom", new Uri(htmlPath).AbsoluteUri],
            Path.GetDirectoryName(htmlPath), timeoutSeconds: 120);
        Assert.That(r.ExitCode, Is.Zero, $"chromium failed: {r.Stderr}");
        var m = ResultElement().Match(r.StdoutText);
        Assert.That(m.Success, Is.True, $"the page wrote no result: {r.StdoutText[..Math.Min(2000, r.StdoutText.Length)]}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [GeneratedRegex("<pre id=\"result\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ResultElement();
}
