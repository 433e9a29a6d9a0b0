namespace SpatialHub.PostGis.Embedded;

/// <summary>The embedded cluster could not be initialised or started; the message says what to do.</summary>
public sealed class EmbeddedClusterException(string message, Exception? inner = null) : Exception(message, inner);
