namespace SpatialHub.Server.Import;

/// <summary>Copies a dataset folder (a File Geodatabase, as it sits once unzipped) into the import's private folder,
/// held to the archive bounds: an unzipped folder is no safer than the zip it came from. Only regular files are
/// copied; symbolic links are refused, so a folder cannot lead GDAL to files outside it.</summary>
internal static class FolderCopy
{
    public static void Copy(string source, string destination, string fileName, ImportOptions limits, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(source);
        var entries = root.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToList();
        if (entries.Count > limits.MaxArchiveEntries)
        {
            throw UploadRefusedException.TooLarge(
                $"{fileName}: the folder holds {entries.Count:N0} entries, over the limit of {limits.MaxArchiveEntries:N0} (SpatialHub:Import:MaxArchiveEntries).");
        }
        if (entries.Prepend(root).FirstOrDefault(e => e.LinkTarget is not null) is { } link)
        {
            throw UploadRefusedException.Unreadable($"{fileName}: {Path.GetRelativePath(source, link.FullName)} is a symbolic link; copy the data, not a link.");
        }
        var total = entries.OfType<FileInfo>().Sum(f => f.Length);
        if (total > limits.MaxArchiveBytes)
        {
            throw UploadRefusedException.TooLarge(
                $"{fileName}: the folder holds {total:N0} bytes, over the limit of {limits.MaxArchiveBytes:N0} (SpatialHub:Import:MaxArchiveBytes).");
        }
        Directory.CreateDirectory(destination);
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = Path.Combine(destination, Path.GetRelativePath(source, entry.FullName));
            if (entry is DirectoryInfo)
            {
                Directory.CreateDirectory(target);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(entry.FullName, target);
            }
        }
    }
}
