using SpatialHub.Core.Import;

namespace SpatialHub.Server.Import;

/// <summary>A source put where its reader will read it: a file the project reads stays where it is; a GDAL format
/// is copied (with its sidecars), unpacked (a zip, and a zip inside it, one level deep) or, for a .gdb folder,
/// copied into a private <see cref="ImportWorkspace"/> under a fixed name.</summary>
internal sealed class StagedFile : IDisposable
{
    private StagedFile(string path, InputFormat? format, ImportWorkspace? workspace)
    {
        Path = path;
        Format = format;
        Workspace = workspace;
    }

    public string Path { get; }

    /// <summary>The format found; null for a file the project reads whose format comes from its content.</summary>
    public InputFormat? Format { get; }

    /// <summary>The private folder GDAL works in; null when the project reads the file itself.</summary>
    public ImportWorkspace? Workspace { get; }

    /// <summary>CSV, TSV and GeoJSON (also out of a zip, then in the workspace); GDAL reads the rest.</summary>
    public bool IsReadByTheProject => Format is null || Format.IsReadByTheProject;

    /// <param name="path">A file or a .gdb folder; read, never changed.</param>
    /// <param name="fileName">The name shown to the user (its extension decides the format when none is given).</param>
    /// <param name="format">A name in <see cref="InputFormats"/>; null to go by the extension, else by the content.</param>
    public static async Task<StagedFile> StageAsync(string path, string fileName, string? format, ImportOptions limits, CancellationToken cancellationToken)
    {
        var declared = format is null
            ? InputFormats.Find(System.IO.Path.GetExtension(fileName))
            : InputFormats.Find(format) ?? throw new UnsupportedFormatException(format);
        if (Directory.Exists(path) && declared?.Name != "gdb")
        {
            throw UploadRefusedException.WrongFormat($"{fileName} is a folder; of folders, only File Geodatabases (.gdb) are read.");
        }
        if (declared is null or { IsReadByTheProject: true })
        {
            return new StagedFile(path, declared, null);
        }
        var workspace = ImportWorkspace.Create();
        try
        {
            var (target, found) = await PlaceAsync(path, fileName, declared, workspace, limits, cancellationToken);
            if (XmlProlog.XmlFormats.Contains(found.Name) && File.Exists(target))
            {
                XmlProlog.EnsureNoDocumentType(target, fileName);
            }
            return new StagedFile(target, found, workspace);
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    private static async Task<(string Path, InputFormat Format)> PlaceAsync(
        string path, string fileName, InputFormat declared, ImportWorkspace workspace, ImportOptions limits, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            var folder = System.IO.Path.Combine(workspace.Data, "upload.gdb");
            FolderCopy.Copy(path, folder, fileName, limits, cancellationToken);
            return (folder, declared);
        }
        if (declared.Kind != ReaderKind.Archive && !ArchiveUnpacker.IsZip(path))
        {
            return (await CopyWithSidecarsAsync(path, fileName, declared, workspace, cancellationToken), declared);
        }
        var files = ArchiveUnpacker.Unpack(path, workspace.Data, fileName, limits, cancellationToken);
        var expected = declared == InputFormats.Kmz ? InputFormats.Kml : declared.Kind == ReaderKind.Archive ? null : declared;
        if (expected is null && files.Where(IsVisible).ToList() is [var inner] && ArchiveUnpacker.IsZip(inner))
        {
            // CSDI bundles are at times a zip of one zip; one level only, each held to the same bounds.
            var nested = System.IO.Path.Combine(workspace.Data, "nested");
            Directory.CreateDirectory(nested);
            files = ArchiveUnpacker.Unpack(inner, nested, fileName, limits, cancellationToken);
            return ArchiveContents.Dataset(files, nested, expected, fileName);
        }
        return ArchiveContents.Dataset(files, workspace.Data, expected, fileName);

        bool IsVisible(string file) => !System.IO.Path.GetRelativePath(workspace.Data, file).Split(System.IO.Path.DirectorySeparatorChar)
            .Any(p => p.StartsWith('.') || p == "__MACOSX");
    }

    /// <summary>Copies the file into the workspace under a fixed name (the client's name never reaches GDAL, only the
    /// extension its driver looks for), with the files beside it that share its name (a Shapefile's .shx, .dbf, .prj;
    /// a GML's .xsd): a file given to the CLI has them, an upload has none.</summary>
    private static async Task<string> CopyWithSidecarsAsync(
        string path, string fileName, InputFormat declared, ImportWorkspace workspace, CancellationToken cancellationToken)
    {
        var extension = System.IO.Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        var target = System.IO.Path.Combine(workspace.Data, "upload." + (declared.Names.Contains(extension) ? extension : declared.Name));
        await CopyAsync(path, target, cancellationToken);
        var stem = System.IO.Path.GetFileNameWithoutExtension(path) + ".";
        foreach (var sidecar in Directory.EnumerateFiles(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, stem + "*"))
        {
            var rest = System.IO.Path.GetFileName(sidecar)[stem.Length..];
            if (sidecar != System.IO.Path.GetFullPath(path) && File.Exists(sidecar) && !File.Exists(System.IO.Path.Combine(workspace.Data, "upload." + rest)))
            {
                await CopyAsync(sidecar, System.IO.Path.Combine(workspace.Data, "upload." + rest), cancellationToken);
            }
        }
        return target;
    }

    private static async Task CopyAsync(string from, string to, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(from);
        await using var output = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
        await input.CopyToAsync(output, cancellationToken);
    }

    public void Dispose() => Workspace?.Dispose();
}
