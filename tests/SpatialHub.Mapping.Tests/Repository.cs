namespace SpatialHub.Mapping.Tests;

/// <summary>Files of the repository, found from the test binaries.</summary>
internal static class Repository
{
    private static readonly string Root = FindRoot();

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "SpatialHub.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("SpatialHub.sln not found above " + AppContext.BaseDirectory);
    }
}
