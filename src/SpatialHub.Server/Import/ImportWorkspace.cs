namespace SpatialHub.Server.Import;

/// <summary>
/// A private folder for one import: the file GDAL reads (or the unpacked archive), its sidecars (.gfs, -journal)
/// and GDAL's temporary files (CPL_TMPDIR, HOME). Only its owner may enter it (0700); everything in it is removed
/// when the import ends, however it ends.
/// </summary>
internal sealed class ImportWorkspace : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private ImportWorkspace(string root)
    {
        Root = root;
        Data = Path.Combine(root, "data");
        Temp = Path.Combine(root, "tmp");
    }

    public string Root { get; }

    /// <summary>Where the file(s) to read go.</summary>
    public string Data { get; }

    /// <summary>GDAL's temporary folder and home.</summary>
    public string Temp { get; }

    public static ImportWorkspace Create()
    {
        var workspace = new ImportWorkspace(Path.Combine(Path.GetTempPath(), $"spatialhub-import-{Guid.NewGuid():N}"));
        Directory.CreateDirectory(workspace.Root, Private);
        Directory.CreateDirectory(workspace.Data, Private);
        Directory.CreateDirectory(workspace.Temp, Private);
        return workspace;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
