namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>Folders of the repository and of the shared data beside it, found from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string DataSamples => Path.Combine(Root, "data-samples");

    /// <summary>The real datasets of ../shared/data (tests and CI may read them; the product ships data-samples).</summary>
    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SpatialHub.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("SpatialHub.sln not found above " + AppContext.BaseDirectory);
    }
}
