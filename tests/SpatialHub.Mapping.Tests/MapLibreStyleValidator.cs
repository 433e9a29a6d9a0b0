using System.Diagnostics;

namespace SpatialHub.Mapping.Tests;

/// <summary>MapLibre's own style validator (npm @maplibre/maplibre-gl-style-spec, installed by scripts/setup.sh into
/// the map client's node_modules), as the outside judge of style documents. Also compiled into the server tests.</summary>
public static class MapLibreStyleValidator
{
    /// <summary>The validator's complaints; empty when the style is valid.</summary>
    public static string Validate(string json, string repositoryRoot)
    {
        var file = Path.Combine(Path.GetTempPath(), $"spatialhub-style-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        try
        {
            var validator = Path.Combine(repositoryRoot, "src/SpatialHub.Server/ClientApp/node_modules/.bin/gl-style-validate");
            using var process = Process.Start(new ProcessStartInfo(validator, [file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : $"exit {process.ExitCode}: {output}";
        }
        finally
        {
            File.Delete(file);
        }
    }
}
