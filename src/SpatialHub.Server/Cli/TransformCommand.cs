using System.CommandLine;
using SpatialHub.Core.Projection;

namespace SpatialHub.Server.Cli;

/// <summary><c>spatialhub transform --from CRS --to CRS</c>: reprojects <c>x y</c> lines from standard input.</summary>
internal static class TransformCommand
{
    private static readonly Option<string> From = new("--from") { Description = "Source CRS (EPSG:2326, 4326, CRS84, urn:ogc:def:crs:EPSG::3857 ...)", Required = true };
    private static readonly Option<string> To = new("--to") { Description = "Target CRS", Required = true };

    public static Command Create()
    {
        var command = new Command("transform", "Reproject 'x y' lines (easting northing, or longitude latitude) from standard input to standard output.")
        {
            From, To,
        };
        command.SetAction(parse =>
        {
            // No database and no configuration: this verb skips the host, so that piping points through it starts fast.
            var transformer = CoordinateTextTransformer.Create(parse.GetValue(From)!, parse.GetValue(To)!);
            using var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = false };
            transformer.Transform(Console.In, output);
            return 0;
        });
        return command;
    }
}
