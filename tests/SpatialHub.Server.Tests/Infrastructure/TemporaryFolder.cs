namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>A folder of a test's own under the temporary directory, removed with everything in it on dispose.</summary>
public sealed class TemporaryFolder(string prefix = "spatialhub-test") : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory(prefix + "-");

    public string Path => _folder.FullName;

    public void Dispose() => _folder.Delete(recursive: true);
}
