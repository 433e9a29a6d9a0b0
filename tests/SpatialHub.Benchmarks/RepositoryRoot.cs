namespace SpatialHub.Benchmarks;

/// <summary>BenchmarkDotNet runs each job from a generated folder under bin/: the repository is found upwards.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SpatialHub.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No SpatialHub.sln above {AppContext.BaseDirectory}.");
    }
}
