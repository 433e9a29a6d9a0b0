using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SpatialHub.Core.Catalog;
using SpatialHub.Mapping.Styles;

namespace SpatialHub.Server.Styles;

/// <summary>One dataset's style document and a hash of its content (what rendered images are keyed by).</summary>
public sealed record DatasetStyle(JsonObject Document, string Hash, bool FromFile);

/// <summary>A layer set's composed style and the hash of the per-dataset styles it was made of.</summary>
public sealed record ComposedStyle(JsonObject Document, string Hash)
{
    private readonly Lazy<StyleSheet> _sheet = new(() => new StyleSheet(Document));

    public StyleSheet Sheet => _sheet.Value;
}

/// <summary>
/// The styles directory, read on demand: a file is parsed again when its timestamp or length changes, so a style is
/// added or edited without a rebuild or restart. A dataset without a file (or whose file is not a JSON object) gets
/// <see cref="DefaultStyle"/>. Only <c>{dataset id}.json</c> is ever opened; ids are validated before they get here.
/// </summary>
public sealed class StyleStore(StylesOptions options, ILogger<StyleStore> logger)
{
    private const int MaxRemembered = 1000;
    private readonly ConcurrentDictionary<string, (DateTime Written, long Length, DatasetStyle Style)> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DatasetStyle> _generated = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ComposedStyle> _composed = new(StringComparer.Ordinal);

    public string Directory { get; } = options.ResolvedDirectory;

    public DatasetStyle For(Dataset dataset)
    {
        var file = new FileInfo(Path.Combine(Directory, $"{DatasetId.Validate(dataset.Id)}.json"));
        if (!file.Exists)
        {
            return Generated(dataset);
        }
        if (_files.TryGetValue(dataset.Id, out var known) && known.Written == file.LastWriteTimeUtc && known.Length == file.Length)
        {
            return known.Style;
        }
        try
        {
            var bytes = File.ReadAllBytes(file.FullName);
            if (JsonNode.Parse(bytes) is JsonObject document)
            {
                var style = new DatasetStyle(StyleSheet.Materialise(document), Hash(bytes), FromFile: true);
                _files[dataset.Id] = (file.LastWriteTimeUtc, file.Length, style);
                return style;
            }
            logger.LogWarning("Style file {File} is not a JSON object; using the default style for {Dataset}.", file.FullName, dataset.Id);
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            logger.LogWarning("Style file {File} cannot be read ({Reason}); using the default style for {Dataset}.", file.FullName, e.Message, dataset.Id);
        }
        return Generated(dataset);
    }

    /// <summary>The complete MapLibre style of the datasets; <paramref name="baseUrl"/> makes the TileJSON URLs absolute.</summary>
    public ComposedStyle Compose(IReadOnlyList<Dataset> datasets, string baseUrl)
    {
        var styles = datasets.Select(For).ToList();
        var title = $"SpatialHub: {string.Join(", ", datasets.Select(d => d.Title))}";
        // Composing clones every layer: raster tiles ask for the same composition on every request, so keep it.
        var key = $"{baseUrl}|{title}|{string.Join(',', styles.Select(s => s.Hash))}";
        if (_composed.TryGetValue(key, out var known))
        {
            return known;
        }
        var document = StyleComposer.Compose(styles.Select(s => s.Document).ToList(), baseUrl, title);
        return Remember(_composed, key, new ComposedStyle(document, Hash(Encoding.UTF8.GetBytes(string.Join(',', styles.Select(s => s.Hash))))));
    }

    private DatasetStyle Generated(Dataset dataset)
    {
        var key = $"{dataset.Id}|{dataset.Title}|{dataset.GeometryType}";
        if (_generated.TryGetValue(key, out var known))
        {
            return known;
        }
        var document = DefaultStyle.Create(dataset.Id, dataset.Title, dataset.GeometryType);
        return Remember(_generated, key, new DatasetStyle(document, Hash(Encoding.UTF8.GetBytes(document.ToJsonString())), FromFile: false));
    }

    /// <summary>Base URLs (X-Forwarded-Host) and titles come from outside: keep the memory bounded.</summary>
    private static T Remember<T>(ConcurrentDictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= MaxRemembered)
        {
            cache.Clear();
        }
        return cache[key] = value;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
}
