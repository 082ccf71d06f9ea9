using Word2VecNative.Training;

namespace Word2VecNative.Cli;

/// <summary>
/// What <c>-train</c> names, for the training command and word2phrase: a file (plain, or gzip, bzip2, xz or zstd
/// compressed, told by its first bytes), a pipe (<c>&lt;(zcat c.gz)</c>, <c>/dev/stdin</c>), a folder (its files, in
/// name order), <c>-</c> for standard input, or <c>@LIST</c> for the files named in LIST, one a line (unless a file
/// named <c>@LIST</c> exists: C reads that one). A list, not commas: a comma may be part of a file's name, and a flag
/// given twice is C's first one.
/// </summary>
internal static class CorpusArgument
{
    public static TrainingCorpus Open(string train, Stream stdin, CancellationToken cancellationToken)
    {
        if (train == "-") return TrainingCorpus.FromStream(stdin, cancellationToken);
        if (train.Length > 1 && train[0] == '@' && !File.Exists(train) && !Directory.Exists(train))
            return TrainingCorpus.FromFiles(ReadList(train[1..], cancellationToken));
        return TrainingCorpus.FromFile(train);
    }

    /// <summary>True when <paramref name="train"/> names something to read (standard input, a list, a file or folder).</summary>
    public static bool Exists(string train) =>
        train == "-" || (train.Length > 1 && train[0] == '@') || File.Exists(train) || Directory.Exists(train);

    /// <summary>Throws when <paramref name="train"/> is a folder and a file the command writes would be in it: the next
    /// run on the folder would read it as corpus (and this one, if it is already there).</summary>
    public static void RefuseOutputsInFolder(string train, (string Flag, string? Path)[] written)
    {
        if (!Directory.Exists(train)) return;
        foreach (var (flag, path) in written)
        {
            if (path == null) continue;
            // The same folder by its device and inode: links anywhere on either path are followed.
            string? parent = Path.GetDirectoryName(Path.GetFullPath(path));
            if (parent != null && FilePaths.SameFile(parent, train))
                throw new CliError($"ERROR: -{flag} {CText.Printable(path)} is in the -train folder {CText.Printable(train)}, whose files are all read as corpus");
        }
    }

    /// <summary>The files a list names, one a line (a line's trailing carriage return dropped; empty lines skipped);
    /// relative names are relative to the current folder, as the shell that made the list saw them. A list may be a pipe
    /// (<c>@&lt;(ls *.gz)</c>), whose open and reads wait for a writer: a cancellation leaves them behind.</summary>
    private static string[] ReadList(string list, CancellationToken cancellationToken)
    {
        string[] lines;
        try
        {
            var read = Task.Run(() => File.ReadAllLines(list), CancellationToken.None);
            try
            {
                read.Wait(cancellationToken);
            }
            catch (AggregateException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            }
            lines = read.Result;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"ERROR: list of training files {CText.Printable(list)} not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError($"ERROR: cannot read list of training files {CText.Printable(list)}: {e.Message}");
        }
        var files = lines.Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        if (files.Length == 0) throw new CliError($"ERROR: list of training files {CText.Printable(list)} names no files");
        return files;
    }
}
