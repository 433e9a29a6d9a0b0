using System.Globalization;

namespace SpatialHub.Core.Import;

/// <summary>
/// Infers attribute types, one column at a time, from the values seen so far. A column only ever widens:
/// Integer to Real, and anything that stops fitting to Text. Pure: no I/O.
/// </summary>
/// <remarks>
/// Text values are typed as: whole numbers without leading zeros (long), decimals (double, invariant culture),
/// True/False in any case (bool), ISO dates yyyy-MM-dd (DateOnly), else text. A number with a leading zero
/// ("0001") is an identifier and stays text, so that it survives the round trip. Empty text is null and says
/// nothing about the type; a column with no values at all is Text.
/// </remarks>
public sealed class FieldSchema
{
    private readonly List<string> _names = [];
    private readonly List<FieldType?> _types = [];
    private readonly List<bool> _yieldedNumberOrBoolean = [];
    private readonly Dictionary<string, int> _indexByName = new(StringComparer.Ordinal);

    public FieldSchema()
    {
    }

    public FieldSchema(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            Add(name);
        }
    }

    /// <summary>The fields in the order they were first seen, with their types so far.</summary>
    public IReadOnlyList<FieldDefinition> Fields =>
        _names.Select((n, i) => new FieldDefinition(n, _types[i] ?? FieldType.Text)).ToList();

    public int Count => _names.Count;

    /// <summary>Fields now typed Text of which some values were already handed out as numbers or booleans (before a
    /// later value widened the field, or mixed in a typed source such as GeoJSON). Those values were stored as JSON
    /// numbers or booleans, so the importer turns them into text before the version is published.</summary>
    public IReadOnlyList<string> TextFieldsWithTypedValues =>
        _names.Where((_, i) => _yieldedNumberOrBoolean[i] && (_types[i] ?? FieldType.Text) == FieldType.Text).ToList();

    public string NameAt(int index) => _names[index];

    /// <summary>The index of a field, added (with no type yet) the first time the name is seen.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out var index) ? index : Add(name);

    /// <summary>Widens the type of field <paramref name="index"/> so that the text value fits.</summary>
    public void ObserveText(int index, string? text) => Widen(index, Classify(text));

    /// <summary>Widens the type of the named field so that an already typed value (from JSON) fits.</summary>
    public void ObserveValue(string name, object? value)
    {
        var index = IndexOf(name);
        var type = TypeOf(value);
        Widen(index, type);
        Yielded(index, type);
    }

    /// <summary>Converts text to the current type of field <paramref name="index"/>, widening the field first if the text does not fit.</summary>
    public object? Convert(int index, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null; // says nothing about the type
        }

        // Classifying a number parses it; when the column keeps that type (the usual case), that value is the answer.
        var (seen, value) = ClassifyAndParse(text);
        Widen(index, seen);
        var type = _types[index] ?? FieldType.Text;
        Yielded(index, type);
        return type == seen ? value : Parse(text, type);
    }

    /// <summary>The narrowest type that holds the text, or null for an empty value.</summary>
    public static FieldType? Classify(string? text) => string.IsNullOrEmpty(text) ? null : ClassifyAndParse(text).Type;

    /// <summary>The narrowest type that holds non-empty text, and the text parsed as that type (what <see cref="Parse"/> gives).</summary>
    private static (FieldType Type, object Value) ClassifyAndParse(string text)
    {
        if (IsInteger(text, out var integer))
        {
            return (FieldType.Integer, integer);
        }

        if (IsReal(text, out var real))
        {
            return (FieldType.Real, real);
        }

        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return (FieldType.Boolean, text.Equals("true", StringComparison.OrdinalIgnoreCase));
        }

        return IsDate(text, out var date) ? (FieldType.Date, date) : (FieldType.Text, text);
    }

    /// <summary>Parses text known to fit <paramref name="type"/>.</summary>
    public static object Parse(string text, FieldType type) => type switch
    {
        FieldType.Integer => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
        FieldType.Real => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        FieldType.Boolean => text.Equals("true", StringComparison.OrdinalIgnoreCase),
        FieldType.Date => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => text,
    };

    /// <summary>The type that holds both; null means "nothing seen yet".</summary>
    public static FieldType? Widen(FieldType? current, FieldType? seen) => (current, seen) switch
    {
        (null, _) => seen,
        (_, null) => current,
        var (a, b) when a == b => a,
        (FieldType.Integer, FieldType.Real) or (FieldType.Real, FieldType.Integer) => FieldType.Real,
        _ => FieldType.Text,
    };

    private static FieldType? TypeOf(object? value) => value switch
    {
        null => null,
        long or int => FieldType.Integer,
        double => FieldType.Real,
        bool => FieldType.Boolean,
        DateOnly => FieldType.Date,
        _ => FieldType.Text,
    };

    private int Add(string name)
    {
        _indexByName[name] = _names.Count;
        _names.Add(name);
        _types.Add(null);
        _yieldedNumberOrBoolean.Add(false);
        return _names.Count - 1;
    }

    private void Yielded(int index, FieldType? type)
    {
        if (type is FieldType.Integer or FieldType.Real or FieldType.Boolean)
        {
            _yieldedNumberOrBoolean[index] = true;
        }
    }

    private void Widen(int index, FieldType? seen) => _types[index] = Widen(_types[index], seen);

    private static bool IsInteger(string text, out long value)
    {
        value = 0;
        var digits = text.AsSpan(text[0] == '-' ? 1 : 0);
        return digits.Length is > 0 and <= 19
            && !digits.ContainsAnyExceptInRange('0', '9')
            && !HasLeadingZero(digits)
            && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>-?digits.digits with an optional exponent; the integer part has no leading zero.</summary>
    private static bool IsReal(string text, out double value)
    {
        value = 0;
        var span = text.AsSpan(text[0] == '-' ? 1 : 0);
        var integerLength = span.IndexOfAnyExceptInRange('0', '9');
        if (integerLength <= 0 || HasLeadingZero(span[..integerLength]) || span[integerLength] is not ('.' or 'e' or 'E'))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    private static bool HasLeadingZero(ReadOnlySpan<char> digits) => digits.Length > 1 && digits[0] == '0';

    private static bool IsDate(string text, out DateOnly value)
    {
        value = default;
        return text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
