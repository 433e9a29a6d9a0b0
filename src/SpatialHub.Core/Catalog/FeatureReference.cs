using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SpatialHub.Core.Catalog;

/// <summary>One feature of one dataset, written <c>dataset:featureId</c> (for example <c>districts:5</c>): the area
/// that a <c>within=</c> filter on tiles and feature queries keeps features inside.</summary>
public sealed record FeatureReference(string DatasetId, long FeatureId)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{DatasetId}:{FeatureId}");

    public static bool TryParse(string? text, [NotNullWhen(true)] out FeatureReference? reference)
    {
        reference = null;
        var colon = text?.IndexOf(':') ?? -1;
        if (colon <= 0 || !Catalog.DatasetId.IsValid(text![..colon])
            || !long.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var featureId) || featureId <= 0)
        {
            return false;
        }
        reference = new FeatureReference(text[..colon], featureId);
        return true;
    }

    /// <summary>Parses or throws <see cref="InvalidFeatureReferenceException"/> naming the text.</summary>
    public static FeatureReference Parse(string text) =>
        TryParse(text, out var reference) ? reference : throw new InvalidFeatureReferenceException(text);
}

/// <summary>A <c>within=</c> value that is not <c>dataset:featureId</c>.</summary>
public sealed class InvalidFeatureReferenceException(string text)
    : Exception($"Invalid feature reference '{(text.Length > 80 ? text[..80] + "…" : text)}': expected 'dataset:featureId', for example 'districts:5'.");
