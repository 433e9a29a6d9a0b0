namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>Folders of the repository, found from the test binaries.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real Hong Kong datasets the product ships (unchanged copies of ../shared/data).</summary>
    public static string DataSamples => Path.Combine(Root, "data-samples");

    public static string Sample(string fileName) => Path.Combine(DataSamples, fileName);

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
