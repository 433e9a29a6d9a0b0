using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using SpatialHub.Core.Catalog;

namespace SpatialHub.PostGis.Catalog;

/// <summary>Compiled (source-generated) JSON metadata for the catalog's field lists, which every import writes and
/// every catalog read parses: a CLI import then does not build serializers by reflection at start-up.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(List<DatasetField>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext
{
    /// <summary>Web defaults; the generated metadata first, reflection for any other type callers pass.</summary>
    public static JsonSerializerOptions WebOptions() => new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = JsonTypeInfoResolver.Combine(Default, new DefaultJsonTypeInfoResolver()),
    };
}
