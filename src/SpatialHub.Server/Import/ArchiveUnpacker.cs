using System.IO.Compression;

namespace SpatialHub.Server.Import;

/// <summary>
/// Unpacks an uploaded ZIP (zip, kmz) into the import's private folder, so that GDAL reads plain files and needs
/// no /vsizip/. Bounded by <see cref="ImportOptions"/>: entry count, total unpacked bytes (counted as written, not
/// as the headers claim) and each entry's ratio; names that climb out (..), absolute names and symbolic links
/// are refused.
/// </summary>
internal static class ArchiveUnpacker
{
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymbolicLink = 0xA000;

    /// <summary>True when the file starts with a ZIP local file header.</summary>
    public static bool IsZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
    }

    /// <summary>Unpacks <paramref name="archive"/> into <paramref name="destination"/> and returns the paths written.</summary>
    /// <exception cref="UploadRefusedException">413 over a bound; 422 for an unsafe name or a damaged archive.</exception>
    public static IReadOnlyList<string> Unpack(string archive, string destination, string fileName, ImportOptions limits, CancellationToken cancellationToken)
    {
        try
        {
            using var zip = ZipFile.OpenRead(archive);
            if (zip.Entries.Count > limits.MaxArchiveEntries)
            {
                throw UploadRefusedException.TooLarge(
                    $"{fileName}: the archive holds {zip.Entries.Count:N0} entries, over the limit of {limits.MaxArchiveEntries:N0} (SpatialHub:Import:MaxArchiveEntries).");
            }
            var root = Path.GetFullPath(destination) + Path.DirectorySeparatorChar;
            var written = new List<string>();
            long total = 0;
            var buffer = new byte[1 << 16];
            foreach (var entry in zip.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = SafeTarget(root, entry, fileName);
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var input = entry.Open();
                using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                long entryBytes = 0;
                int read;
                while ((read = input.Read(buffer)) > 0)
                {
                    entryBytes += read;
                    total += read;
                    if (total > limits.MaxArchiveBytes)
                    {
                        throw UploadRefusedException.TooLarge(
                            $"{fileName}: the archive unpacks to more than {limits.MaxArchiveBytes:N0} bytes (SpatialHub:Import:MaxArchiveBytes).");
                    }
                    if (entryBytes > 1024 * 1024 && entryBytes > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                    {
                        throw UploadRefusedException.TooLarge(
                            $"{fileName}: '{entry.FullName}' unpacks to over {limits.MaxCompressionRatio} times its packed size (SpatialHub:Import:MaxCompressionRatio).");
                    }
                    output.Write(buffer, 0, read);
                }
                written.Add(target);
            }
            return written;
        }
        catch (InvalidDataException)
        {
            throw UploadRefusedException.Unreadable($"{fileName}: not a readable ZIP archive.");
        }
    }

    private static string SafeTarget(string root, ZipArchiveEntry entry, string fileName)
    {
        var name = entry.FullName;
        var isLink = ((entry.ExternalAttributes >> 16) & UnixFileTypeMask) == UnixSymbolicLink;
        var unsafeName = name.Length == 0 || name.Contains('\\') || name.Contains('\0') || name.StartsWith('/')
            || (name.Length > 1 && name[1] == ':') || name.Split('/').Any(part => part is "." or "..");
        var target = Path.GetFullPath(Path.Combine(root, name));
        if (isLink || unsafeName || !target.StartsWith(root, StringComparison.Ordinal))
        {
            throw UploadRefusedException.Unreadable(isLink
                ? $"{fileName}: the archive entry '{Shown(Path.GetFileName(name))}' is a symbolic link; such archives are refused."
                : $"{fileName}: an archive entry ('{Shown(Path.GetFileName(name))}') has an absolute name or climbs out with '..'; such archives are refused.");
        }
        return target;
    }

    private static string Shown(string name) =>
        new string(name.Take(120).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
