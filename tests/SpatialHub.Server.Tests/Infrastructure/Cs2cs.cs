using System.Diagnostics;
using System.Globalization;

namespace SpatialHub.Server.Tests.Infrastructure;

/// <summary>PROJ's cs2cs (Debian proj-bin) as the reference: x/y in, x/y out, whatever EPSG's axis order.</summary>
public static class Cs2cs
{
    public static (double X, double Y) Transform(string from, string to, double x, double y)
    {
        // -d 10 prints ten decimals; the EPSG axis orders (N,E for 2326; lat,lon for 4326) are swapped here.
        var input = IsNorthingFirst(from) ? $"{y} {x}" : $"{x} {y}";
        var start = new ProcessStartInfo("cs2cs", ["-d", "10", from, to])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        process.StandardInput.WriteLine(input.ToString(CultureInfo.InvariantCulture));
        process.StandardInput.Close();
        var parts = process.StandardOutput.ReadToEnd().Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        process.WaitForExit();
        var first = double.Parse(parts[0], CultureInfo.InvariantCulture);
        var second = double.Parse(parts[1], CultureInfo.InvariantCulture);
        return IsNorthingFirst(to) ? (second, first) : (first, second);
    }

    private static bool IsNorthingFirst(string crs) => crs is "EPSG:2326" or "EPSG:4326" or "EPSG:4611";
}
