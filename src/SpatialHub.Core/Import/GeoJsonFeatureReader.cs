using System.Text;
using System.Text.Json;
using NetTopologySuite.Geometries;
using SpatialHub.Core.Projection;

namespace SpatialHub.Core.Import;

/// <summary>
/// Streams features out of GeoJSON: a FeatureCollection (RFC 7946, or the 2008 form whose <c>crs</c> member names
/// the CRS), a single Feature or bare geometry, and newline-delimited GeoJSON (GeoJSONSeq, with or without the
/// RS separator), as <c>ogr2ogr -f GeoJSONSeq /vsistdout/</c> writes it. One feature at a time is held in memory.
/// </summary>
/// <remarks>
/// <para>Line numbers: a feature inside a FeatureCollection gets its 1-based index in the file; a top-level Feature
/// (newline-delimited input, or a file that is one Feature) gets the line where it starts.</para>
/// <para>Properties: numbers become long when whole and in range, else double; strings, booleans and null as
/// they are; nested objects and arrays their JSON text. Strings are not parsed as dates. The feature's
/// <c>id</c>, when present, is kept as the property <c>id</c>, or <c>feature_id</c> when the properties already
/// have an <c>id</c>, so that it survives the import.</para>
/// </remarks>
public sealed class GeoJsonFeatureReader : IFeatureReader
{
    private const int MaxShownLength = 80;

    private readonly Stream _stream;
    private readonly ReaderOptions _options;
    private readonly FieldSchema _schema = new();
    private GeometryFactory _factory;
    private bool _crsSettled;
    private bool _started;

    /// <param name="stream">The file; read once, forward only, and left open.</param>
    /// <param name="options">File name for issues, and the user's CRS override.</param>
    public GeoJsonFeatureReader(Stream stream, ReaderOptions options)
    {
        _stream = stream;
        _options = options;
        _factory = FactoryFor(SourceCrs);
    }

    /// <summary>Given by the user, else named by the file's <c>crs</c> member, else CRS84 (WGS 84, longitude first).</summary>
    public Crs SourceCrs { get; private set; } = CrsRegistry.Wgs84;

    /// <summary>True once the user or the file named the CRS; false while CRS84 is only the RFC 7946 default.</summary>
    public bool CrsDeclared { get; private set; }

    /// <summary>The properties seen so far, in order of first appearance, and their types; final once <see cref="Read"/> has been enumerated to the end.</summary>
    public IReadOnlyList<FieldDefinition> Fields => _schema.Fields;
    public IReadOnlyList<string> TextFieldsWithTypedValues => _schema.TextFieldsWithTypedValues;

    public IEnumerable<ReadResult> Read()
    {
        ReadOnce.Start(ref _started);
        return ReadValues();
    }

    /// <summary>A step of the walk over the input: either it went on, or it ended with an issue (and maybe the input).</summary>
    private readonly record struct Step(bool More, ImportIssue? Issue);

    private IEnumerable<ReadResult> ReadValues()
    {
        if (_options.Srs is not null)
        {
            if (CrsParser.Find(_options.Srs) is not { } given)
            {
                yield return Failed(1, null, _options.Srs, $"unknown or unsupported CRS '{_options.Srs}'");
                yield break;
            }

            Settle(given);
            CrsDeclared = true;
        }

        var scanner = new JsonScanner(_stream);
        var featureIndex = 0L;
        var isSequence = false;
        while (true)
        {
            var step = Guard(() => new Step(scanner.Read(), null), scanner, featureIndex, isSequence);
            if (step.Issue is not null || !step.More)
            {
                if (step.Issue is not null)
                {
                    yield return ReadResult.Failed(step.Issue);
                }

                if (step.Issue is not null && isSequence)
                {
                    scanner.SkipLine();
                    continue;
                }

                yield break;
            }

            if (scanner.TokenType != JsonTokenType.StartObject)
            {
                yield return Failed(scanner.TokenLine, null, null,
                    $"not GeoJSON: the top-level value is {GeoJsonText.Describe(scanner.TokenType)}, not a FeatureCollection, Feature or geometry object");
                yield break;
            }

            var rootLine = scanner.TokenLine;
            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var sawFeatures = false;
            ImportIssue? stop = null;
            while (stop is null)
            {
                step = Guard(() => new Step(scanner.Read() && scanner.TokenType == JsonTokenType.PropertyName, null), scanner, featureIndex, isSequence);
                if (step.Issue is not null || !step.More)
                {
                    stop = step.Issue;
                    break;
                }

                var name = scanner.Text!;
                if (name != "features")
                {
                    step = Guard(() => new Step(ReadMember(scanner, members, name), null), scanner, featureIndex, isSequence);
                    stop = step.Issue;
                    continue;
                }

                if ((stop = ApplyCrs(members, rootLine)) is not null)
                {
                    break;
                }

                step = Guard(() => new Step(scanner.Read() && scanner.TokenType == JsonTokenType.StartArray, null), scanner, featureIndex, isSequence);
                if (step.Issue is not null || !step.More)
                {
                    stop = step.Issue ?? Issue(rootLine, "features", null, "'features' is not an array");
                    break;
                }

                sawFeatures = true;
                while (true)
                {
                    JsonElement feature = default;
                    step = Guard(() => new Step(scanner.ReadValue(out feature), null), scanner, featureIndex + 1, isSequence);
                    if (step.Issue is not null || !step.More)
                    {
                        stop = step.Issue;
                        break;
                    }

                    featureIndex++;
                    yield return ToResult(feature, featureIndex);
                }
            }

            if (stop is not null)
            {
                yield return ReadResult.Failed(stop);
                if (isSequence)
                {
                    scanner.SkipLine();
                    continue;
                }

                yield break;
            }

            var (result, isFeature) = FromRoot(members, rootLine, sawFeatures);
            if (result is { } r)
            {
                yield return r;
            }

            if (result is { Issue: not null } && !isFeature)
            {
                yield break;
            }

            isSequence |= isFeature;
        }
    }

    /// <summary>Reads the value of a top-level member (a later duplicate wins, as in most JSON parsers).</summary>
    private static bool ReadMember(JsonScanner scanner, Dictionary<string, JsonElement> members, string name)
    {
        var read = scanner.ReadValue(out var value);
        members[name] = value;
        return read;
    }

    /// <summary>What a top-level object other than a FeatureCollection's features yields, and whether it was a Feature (so that the input is a sequence).</summary>
    private (ReadResult? Result, bool IsFeature) FromRoot(Dictionary<string, JsonElement> members, long line, bool sawFeatures)
    {
        var type = members.TryGetValue("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "FeatureCollection" when !sawFeatures:
                return (Failed(line, "features", null, "the FeatureCollection has no 'features' array"), false);
            case "FeatureCollection":
                return members.ContainsKey("crs") && ApplyCrs(members, line) is { } late ? (ReadResult.Failed(late), false) : (null, false);
            case "Feature":
                return (ApplyCrs(members, line) is { } crsIssue ? ReadResult.Failed(crsIssue) : ToResult(members, line), true);
            case "Point" or "MultiPoint" or "LineString" or "MultiLineString" or "Polygon" or "MultiPolygon" or "GeometryCollection":
                return (ApplyCrs(members, line) is { } issue ? ReadResult.Failed(issue) : Geometry(ToElement(members), line, []), true);
            case null:
                return (Failed(line, "type", null, "not GeoJSON: the top-level object has no 'type'"), false);
            default:
                return (Failed(line, "type", type, $"not GeoJSON: '{type}' is not a GeoJSON object type"), false);
        }
    }

    private ReadResult ToResult(JsonElement feature, long line)
    {
        if (feature.ValueKind != JsonValueKind.Object)
        {
            return Failed(line, null, Shorten(feature.GetRawText()), "the feature is not a JSON object");
        }

        var members = feature.EnumerateObject().GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value);
        var type = members.TryGetValue("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        return type == "Feature"
            ? ToResult(members, line)
            : Failed(line, "type", type, "not a GeoJSON Feature (its 'type' is not \"Feature\")");
    }

    private ReadResult ToResult(Dictionary<string, JsonElement> feature, long line)
    {
        if (JsonText.HasLoneSurrogate(feature, out var field))
        {
            return Failed(line, field, null, "the text is not valid Unicode (a lone surrogate such as \\ud800); PostgreSQL cannot store it");
        }
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (feature.TryGetValue("properties", out var source) && source.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return Failed(line, "properties", Shorten(source.GetRawText()), "'properties' is not an object");
        }

        if (source.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in source.EnumerateObject())
            {
                properties[property.Name] = ToValue(property.Value);
            }
        }

        if (feature.TryGetValue("id", out var id) && id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            properties[properties.ContainsKey("id") ? "feature_id" : "id"] = ToValue(id);
        }

        return feature.TryGetValue("geometry", out var geometry) && geometry.ValueKind != JsonValueKind.Null
            ? Geometry(geometry, line, properties)
            : Failed(line, "geometry", null, "the feature has no geometry");
    }

    private ReadResult Geometry(JsonElement geometry, long line, Dictionary<string, object?> properties)
    {
        try
        {
            var parsed = GeoJsonGeometry.Parse(geometry, _factory);
            foreach (var (name, value) in properties)
            {
                _schema.ObserveValue(name, value);
            }

            return ReadResult.Of(new SourceFeature(line, parsed, properties));
        }
        catch (GeoJsonGeometryException e)
        {
            return Failed(line, "geometry", e.Value, e.Message);
        }
    }

    private static object? ToValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
        JsonValueKind.Number => value.GetDouble(),
        _ => value.GetRawText(),
    };

    /// <summary>Settles the CRS from a <c>crs</c> member (the user's choice wins); an unknown CRS, or one that changes within the file, is an issue.</summary>
    private ImportIssue? ApplyCrs(Dictionary<string, JsonElement> members, long line)
    {
        if (_options.Srs is not null)
        {
            return null;
        }

        Crs crs;
        if (members.TryGetValue("crs", out var member) && member.ValueKind != JsonValueKind.Null)
        {
            var name = GeoJsonText.CrsName(member);
            if (name is null)
            {
                return Issue(line, "crs", Shorten(member.GetRawText()), "the 'crs' member does not name a CRS");
            }

            if (CrsParser.Find(name) is not { } known)
            {
                return Issue(line, "crs", name, $"unknown or unsupported CRS '{name}'");
            }

            crs = known;
            CrsDeclared = true;
        }
        else if (_crsSettled)
        {
            return null;
        }
        else
        {
            crs = CrsRegistry.Wgs84;
        }

        if (_crsSettled && crs != SourceCrs)
        {
            return Issue(line, "crs", crs.Name, $"the CRS changes within the file, from {SourceCrs.Name} to {crs.Name}");
        }

        Settle(crs);
        return null;
    }

    private void Settle(Crs crs)
    {
        SourceCrs = crs;
        _factory = FactoryFor(crs);
        _crsSettled = true;
    }

    private static GeometryFactory FactoryFor(Crs crs) => new(new PrecisionModel(), crs.Srid);

    private static JsonElement ToElement(Dictionary<string, JsonElement> members) =>
        JsonSerializer.SerializeToElement(members);

    /// <summary>Runs one scanner step, turning invalid JSON into an issue that says where.</summary>
    private Step Guard(Func<Step> step, JsonScanner scanner, long featureIndex, bool isSequence)
    {
        try
        {
            return step();
        }
        catch (JsonException e)
        {
            var line = isSequence || featureIndex == 0 ? scanner.LineOf(e) : featureIndex;
            return new Step(false, Issue(line, null, null, $"invalid JSON {GeoJsonText.Position(scanner, e)}: {GeoJsonText.MessageWithoutPosition(e)}"));
        }
        catch (InvalidOperationException e) when (e.InnerException is DecoderFallbackException)
        {
            // A member name at the top level that is not UTF-8 (values are checked as they are read).
            return new Step(false, Issue(Math.Max(1, featureIndex), null, null, "the text is not valid UTF-8; save the file as UTF-8"));
        }
    }

    private ReadResult Failed(long line, string? field, string? value, string reason) => ReadResult.Failed(Issue(line, field, value, reason));

    private ImportIssue Issue(long line, string? field, string? value, string reason) => new(_options.FileName, line, field, value, reason);

    private static string Shorten(string text) =>
        text.Length <= MaxShownLength ? text : string.Concat(text.AsSpan(0, MaxShownLength - 1), "…");
}
