namespace SpatialHub.Core.Tests.Import;

/// <summary>The real datasets in ../shared/data, next to the folder that holds SpatialHub.sln.</summary>
internal static class SharedData
{
    public static string PathOf(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SpatialHub.sln")))
        {
            directory = directory.Parent;
        }

        var repo = directory ?? throw new DirectoryNotFoundException($"No SpatialHub.sln above {AppContext.BaseDirectory}");
        var path = Path.GetFullPath(Path.Combine(repo.FullName, "..", "shared", "data", relative));
        return File.Exists(path) ? path : throw new FileNotFoundException("Shared dataset missing", path);
    }
}
