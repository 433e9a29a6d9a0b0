using SpatialHub.Core.Catalog;

namespace SpatialHub.Core.Import;

/// <summary>Infers each attribute's type from the values stored, whatever the format: integers that meet reals
/// become real; anything that meets text becomes text. Field order is first appearance.</summary>
public sealed class FieldSchemaBuilder
{
    private readonly Dictionary<string, FieldKind> _kinds = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    public void Add(IReadOnlyDictionary<string, object?> properties)
    {
        foreach (var (name, value) in properties)
        {
            var kind = KindOf(value);
            if (!_kinds.TryGetValue(name, out var known))
            {
                _order.Add(name);
                _kinds[name] = kind;
            }
            else if (known != kind)
            {
                _kinds[name] = Merge(known, kind);
            }
        }
    }

    /// <summary>Field names and types: text, integer, real, boolean or date.</summary>
    public IReadOnlyList<DatasetField> Build() =>
        _order.Select(name => new DatasetField(name, _kinds[name] == FieldKind.Unknown ? "text" : _kinds[name].ToString().ToLowerInvariant())).ToList();

    private enum FieldKind { Unknown, Integer, Real, Boolean, Date, Text }

    private static FieldKind KindOf(object? value) => value switch
    {
        null => FieldKind.Unknown,
        long or int => FieldKind.Integer,
        double or float or decimal => FieldKind.Real,
        bool => FieldKind.Boolean,
        DateOnly or DateTime or DateTimeOffset => FieldKind.Date,
        _ => FieldKind.Text,
    };

    private static FieldKind Merge(FieldKind known, FieldKind seen) => (known, seen) switch
    {
        (_, FieldKind.Unknown) => known,
        (FieldKind.Unknown, _) => seen,
        (FieldKind.Integer, FieldKind.Real) or (FieldKind.Real, FieldKind.Integer) => FieldKind.Real,
        _ => FieldKind.Text,
    };
}
