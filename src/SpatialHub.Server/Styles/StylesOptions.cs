namespace SpatialHub.Server.Styles;

/// <summary><c>SpatialHub:Styles</c>: where the per-dataset MapLibre styles live.</summary>
public sealed class StylesOptions
{
    public const string Section = "SpatialHub:Styles";

    /// <summary>Folder of <c>{dataset}.json</c> style files. Relative paths are taken from the executable's folder
    /// (never the working directory); default: the repository's <c>tiles/</c>, which the build copies there.</summary>
    public string? Directory { get; set; }

    public string ResolvedDirectory => Resolve(Directory);

    public static string Resolve(string? directory) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? "tiles" : directory, AppContext.BaseDirectory);
}
