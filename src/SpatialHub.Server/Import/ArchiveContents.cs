using SpatialHub.Core.Import;

namespace SpatialHub.Server.Import;

/// <summary>Finds the one dataset in an unpacked archive: a .gdb folder, or a file of an accepted format.</summary>
internal static class ArchiveContents
{
    /// <param name="files">The files unpacked under <paramref name="root"/>.</param>
    /// <param name="expected">The format the upload declared (kml for a kmz); null for a plain zip.</param>
    /// <exception cref="UploadRefusedException">422: no dataset, or several.</exception>
    public static (string Path, InputFormat Format) Dataset(IReadOnlyList<string> files, string root, InputFormat? expected, string fileName)
    {
        var candidates = new List<(string Path, InputFormat Format)>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p.StartsWith('.') || p == "__MACOSX"))
            {
                continue; // macOS resource forks and hidden files
            }
            var gdb = Array.FindIndex(parts, p => p.EndsWith(".gdb", StringComparison.OrdinalIgnoreCase));
            if (gdb >= 0 && gdb < parts.Length - 1)
            {
                candidates.Add((Path.Combine(root, Path.Combine(parts[..(gdb + 1)])), InputFormats.Find("gdb")!));
            }
            else if (InputFormats.Find(Path.GetExtension(file)) is { Kind: not ReaderKind.Archive } format
                     && (format == expected || !IsSidecarExtension(Path.GetExtension(file))))
            {
                candidates.Add((file, format));
            }
        }
        var datasets = candidates.Distinct().Where(c => expected is null || c.Format == expected).ToList();
        return datasets switch
        {
            [var only] => only,
            [] => throw UploadRefusedException.Unreadable(
                $"{fileName}: the archive holds no {expected?.Title ?? "dataset"} file (accepted: {InputFormats.Described})."),
            _ => throw UploadRefusedException.Unreadable(
                $"{fileName}: the archive holds several datasets ({string.Join(", ", datasets.Take(5).Select(d => Path.GetRelativePath(root, d.Path)))}); upload one at a time."),
        };
    }

    /// <summary>Extensions that in an archive are usually metadata (x.shp.xml, readme.txt), not the data, unless declared.</summary>
    private static bool IsSidecarExtension(string extension) =>
        extension.Equals(".xml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".txt", StringComparison.OrdinalIgnoreCase);
}
