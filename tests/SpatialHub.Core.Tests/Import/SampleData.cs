namespace SpatialHub.Core.Tests.Import;

/// <summary>The real Hong Kong datasets the product ships in data-samples/ (unchanged copies of ../shared/data),
/// found from the test binaries, so the tests need nothing outside the repository.</summary>
internal static class SampleData
{
    public static string PathOf(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SpatialHub.sln")))
        {
            directory = directory.Parent;
        }

        var repo = directory ?? throw new DirectoryNotFoundException($"No SpatialHub.sln above {AppContext.BaseDirectory}");
        var path = Path.Combine(repo.FullName, "data-samples", fileName);
        return File.Exists(path) ? path : throw new FileNotFoundException("Sample dataset missing", path);
    }
}
