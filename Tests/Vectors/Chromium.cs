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
    private static readonly ExternalTool s_browser = new("headless Chromium", "WORD2VEC_CHROMIUM", ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"],
        ["--version"], "install chromium (Debian: apt-get install chromium) or set WORD2VEC_CHROMIUM");

    public static string Require() => s_browser.Require();

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
