using System.Globalization;

namespace SpatialHub.Server.Features;

/// <summary>
/// The <c>datetime</c> parameter of items (OGC API – Features 1.0, /req/core/fc-time-definition): an RFC 3339
/// date-time or full date, or an interval <c>start/end</c> whose open end is <c>..</c> or empty. No dataset has a
/// temporal property yet, so a valid value selects every feature (the standard allows a server to ignore it for
/// collections without a temporal extent); only an invalid one matters, and it is a 400 naming <c>datetime</c>.
/// </summary>
internal sealed record DateTimeParameter(DateTimeOffset? Start, DateTimeOffset? End)
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd't'HH:mm:ssK", "yyyy-MM-dd't'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd' 'HH:mm:ssK", "yyyy-MM-dd' 'HH:mm:ss.FFFFFFFK",
    ];

    public static DateTimeParameter? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var parts = text.Split('/');
        if (parts.Length == 1)
        {
            var instant = Instant(parts[0]) ?? throw Invalid(text);
            return new DateTimeParameter(instant, instant);
        }
        if (parts.Length != 2)
        {
            throw Invalid(text);
        }
        DateTimeOffset? start = IsOpen(parts[0]) ? null : Instant(parts[0]) ?? throw Invalid(text);
        DateTimeOffset? end = IsOpen(parts[1]) ? null : Instant(parts[1]) ?? throw Invalid(text);
        if (start is null && end is null)
        {
            throw ItemsParameters.Invalid("Invalid datetime", "datetime cannot be open at both ends; give a start, an end or both.");
        }
        if (start > end)
        {
            throw ItemsParameters.Invalid("Invalid datetime", "datetime interval starts after it ends.");
        }
        return new DateTimeParameter(start, end);
    }

    private static bool IsOpen(string end) => end is "" or "..";

    /// <summary>A date-time with an offset (RFC 3339 requires one), or a full date taken as that UTC day's start.</summary>
    private static DateTimeOffset? Instant(string text)
    {
        if (DateTimeOffset.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-'))
        {
            return instant;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;
    }

    private static Exception Invalid(string text) => ItemsParameters.Invalid("Invalid datetime",
        $"datetime '{ItemsParameters.Truncate(text)}' is not an RFC 3339 date-time or date (2018-02-12T23:20:50Z, 2018-02-12) "
        + "or an interval of them (start/end, ../end, start/..).");
}
