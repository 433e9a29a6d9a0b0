using System.Globalization;
using System.Text.RegularExpressions;
using SpatialHub.Mapping.Geometry;
using SpatialHub.Server.Hosting;

namespace SpatialHub.Server.Rendering;

/// <summary>Parses <c>/static/{layers}/{lon},{lat},{zoom}/{width}x{height}[@2x].png[?bbox=…]</c> into a viewport, or
/// throws <see cref="RequestValidationException"/> (400) saying which part is wrong.</summary>
public static partial class StaticMapRequest
{
    public const double MaxZoom = 22;

    [GeneratedRegex(@"^(?<w>\d{1,5})x(?<h>\d{1,5})(?:@(?<s>[12])x)?\.(?<e>png|pdf)$", RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    /// <param name="extension">png for images; pdf for a print (<c>/print</c>: the view the planner saw, at 1×).</param>
    public static Viewport Parse(string view, string size, string? bbox, RenderingOptions options, string extension = "png")
    {
        var match = SizePattern().Match(size);
        if (!match.Success || match.Groups["e"].Value != extension || (extension == "pdf" && match.Groups["s"].Success))
        {
            throw Invalid("Invalid size", extension == "pdf"
                ? $"'{Shorten(size)}' is not {{width}}x{{height}}.pdf."
                : $"'{Shorten(size)}' is not {{width}}x{{height}}.png or {{width}}x{{height}}@2x.png.");
        }
        var width = int.Parse(match.Groups["w"].Value, CultureInfo.InvariantCulture);
        var height = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var scale = match.Groups["s"].Success ? int.Parse(match.Groups["s"].Value, CultureInfo.InvariantCulture) : 1;
        if (width < 1 || height < 1 || width > options.MaxSize || height > options.MaxSize)
        {
            throw Invalid("Invalid size", $"Width and height must be between 1 and {options.MaxSize}; got {width}x{height}.");
        }
        if ((long)width * height * scale * scale > options.MaxPixels)
        {
            throw Invalid("Image too large", $"{width}x{height} at {scale}x is {(long)width * height * scale * scale} pixels; the limit is {options.MaxPixels}.");
        }
        if (bbox is not null)
        {
            var box = Numbers(bbox, 4, "bbox", "minlon,minlat,maxlon,maxlat");
            if (!IsLongitude(box[0]) || !IsLongitude(box[2]) || !IsLatitude(box[1]) || !IsLatitude(box[3]) || box[0] >= box[2] || box[1] >= box[3])
            {
                throw Invalid("Invalid bbox", $"bbox '{bbox}' must be minlon,minlat,maxlon,maxlat with min < max, longitudes in -180..180 and latitudes in -85..85.");
            }
            return Viewport.Fit(box[0], box[1], box[2], box[3], width, height, scale, maxZoom: 20);
        }
        var centre = Numbers(view, 3, "view", "{lon},{lat},{zoom}");
        if (!IsLongitude(centre[0]))
        {
            throw Invalid("Invalid longitude", $"Longitude {centre[0].ToString(CultureInfo.InvariantCulture)} is outside -180..180.");
        }
        if (!IsLatitude(centre[1]))
        {
            throw Invalid("Invalid latitude", $"Latitude {centre[1].ToString(CultureInfo.InvariantCulture)} is outside -85.05..85.05.");
        }
        if (centre[2] is < 0 or > MaxZoom)
        {
            throw Invalid("Invalid zoom", $"Zoom {centre[2].ToString(CultureInfo.InvariantCulture)} is outside 0..{MaxZoom}.");
        }
        return new Viewport(centre[0], centre[1], centre[2], width, height, scale);
    }

    public static bool IsLongitude(double value) => value is >= -180 and <= 180;

    public static bool IsLatitude(double value) => value is >= -Viewport.MaxLatitude and <= Viewport.MaxLatitude;

    public static double[] Numbers(string text, int count, string what, string form)
    {
        var parts = text.Split(',');
        var numbers = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]) || !double.IsFinite(numbers[i]))
            {
                numbers = [];
                break;
            }
        }
        if (numbers.Length != count)
        {
            throw Invalid($"Invalid {what}", $"'{text}' is not {form} ({count} comma-separated numbers).");
        }
        return numbers;
    }

    private static RequestValidationException Invalid(string title, string message) => new(title, message);

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
