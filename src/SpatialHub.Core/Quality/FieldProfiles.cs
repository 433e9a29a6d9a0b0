using SpatialHub.Core.Import;

namespace SpatialHub.Core.Quality;

/// <summary>
/// Per field, as rows stream by: how many values are empty, which types the source values have (text is classified
/// the way the importer types CSV text, so a column the importer later widened to text still shows its numbers), and,
/// for fields with few distinct texts, how often each occurs (to recognise a field that names zones).
/// </summary>
internal sealed class FieldProfiles
{
    /// <summary>A field with more distinct texts than this cannot name the zones of a zone layer (Hong Kong has 18 districts).</summary>
    private const int MaxDistinct = 500;

    private static readonly FieldType[] _types = Enum.GetValues<FieldType>();
    private readonly Dictionary<string, Profile> _profiles = new(StringComparer.Ordinal);

    private sealed class Profile(int order)
    {
        public int Order { get; } = order;
        public long NonEmpty;
        public readonly long[] TypeCounts = new long[_types.Length];
        public readonly TypeExample?[] Examples = new TypeExample?[_types.Length];
        public Dictionary<string, long>? Texts = new(StringComparer.Ordinal);
    }

    public void Observe(long line, IReadOnlyDictionary<string, object?> properties)
    {
        foreach (var (name, value) in properties)
        {
            if (value is null)
            {
                continue;
            }
            if (!_profiles.TryGetValue(name, out var profile))
            {
                profile = new Profile(_profiles.Count);
                _profiles[name] = profile;
            }
            profile.NonEmpty++;
            var type = value is string text ? FieldSchema.Classify(text) ?? FieldType.Text : TypeOf(value);
            var index = (int)type;
            if (profile.TypeCounts[index]++ == 0)
            {
                profile.Examples[index] = new TypeExample(type.ToString().ToLowerInvariant(), Shorten(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""), line);
            }
            if (value is string zoneName && profile.Texts is { } texts)
            {
                texts[zoneName.Trim()] = texts.GetValueOrDefault(zoneName.Trim()) + 1;
                if (texts.Count > MaxDistinct)
                {
                    profile.Texts = null;
                }
            }
        }
    }

    /// <summary>Empty or absent values per field, in first-seen order.</summary>
    public IReadOnlyList<FieldEmpties> Empties(long features) =>
        _profiles.OrderBy(p => p.Value.Order).Select(p => new FieldEmpties(p.Key, features - p.Value.NonEmpty)).Where(e => e.Empty > 0).ToList();

    /// <summary>Fields whose values had more than one type; whole and decimal numbers count as one (a plain widening).</summary>
    public IReadOnlyList<MixedTypeField> Mixed(IReadOnlyList<FieldDefinition> fields)
    {
        var mixed = new List<MixedTypeField>();
        foreach (var (name, profile) in _profiles.OrderBy(p => p.Value.Order))
        {
            var kinds = _types.Where(t => profile.TypeCounts[(int)t] > 0).Select(t => t == FieldType.Integer ? FieldType.Real : t).Distinct().Count();
            if (kinds < 2)
            {
                continue;
            }
            var storedAs = fields.FirstOrDefault(f => f.Name == name)?.Type ?? FieldType.Text;
            // Most common first: the field's usual type, then the odd ones out.
            var counts = _types.Where(t => profile.TypeCounts[(int)t] > 0).OrderByDescending(t => profile.TypeCounts[(int)t])
                .ToDictionary(t => t.ToString().ToLowerInvariant(), t => profile.TypeCounts[(int)t]);
            mixed.Add(new MixedTypeField(name, storedAs.ToString().ToLowerInvariant(), counts, profile.Examples.OfType<TypeExample>().ToList()));
        }
        return mixed;
    }

    /// <summary>Fields with few distinct texts: candidates for naming zones, with each text's count and the field's non-empty count.</summary>
    public IReadOnlyList<ZoneFieldCandidate> ZoneCandidates() =>
        _profiles.Where(p => p.Value.Texts is { Count: > 0 })
            .Select(p => new ZoneFieldCandidate(p.Key, p.Value.NonEmpty, p.Value.Texts!))
            .ToList();

    private static FieldType TypeOf(object value) => value switch
    {
        long or int => FieldType.Integer,
        double => FieldType.Real,
        bool => FieldType.Boolean,
        DateOnly => FieldType.Date,
        _ => FieldType.Text,
    };

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 79), "…");
}

/// <summary>A field that may name zones: its non-empty count and how often each distinct text occurs.</summary>
public sealed record ZoneFieldCandidate(string Field, long NonEmpty, IReadOnlyDictionary<string, long> Texts);
