using SpatialHub.PostGis.Backup;
using SpatialHub.PostGis.Catalog;
using SpatialHub.PostGis.Import;
using SpatialHub.PostGis.Replicas;
using SpatialHub.PostGis.Sources;

namespace SpatialHub.PostGis;

/// <summary>The database layer's services over an open <see cref="SpatialHubDatabase"/>, so that the host and the
/// CLI compose them without handling Npgsql's data sources themselves.</summary>
public static class DatabaseParts
{
    /// <summary>Writes go to the primary. <paramref name="clusterCategories"/>: the configured
    /// <c>SpatialHub:Tiles:ClusterCategories</c>, counted into cluster pyramids.</summary>
    public static DatasetImporter Importer(
        this SpatialHubDatabase database, int keepVersions = Core.Catalog.VersionRetention.DefaultKeep, IReadOnlyDictionary<string, string>? clusterCategories = null) =>
        new(database.DataSource, keepVersions, clusterCategories);

    public static Quality.QualityStore Quality(this SpatialHubDatabase database) => new(database.DataSource);

    public static SpatialHub.PostGis.Versions.VersionHistory Versions(this SpatialHubDatabase database) => new(database.PrimaryReads());

    public static DatabaseBackup Backup(this SpatialHubDatabase database) => new(database.DataSource, database.ConnectionString);

    /// <summary>Reads from the primary only (the CLI, and a process without replicas).</summary>
    public static ReadRouter PrimaryReads(this SpatialHubDatabase database) => ReadRouter.PrimaryOnly(database.DataSource);

    /// <summary>Reads from a current replica, else the primary.</summary>
    public static ReadRouter Reads(this SpatialHubDatabase database, CatalogVersionWatcher watcher, Action<ReadOutcome> record, TimeSpan restAfterFailure) =>
        new(database.DataSource, database.Replicas, watcher, record, restAfterFailure);

    /// <summary>The catalog on the primary; <paramref name="includeUnpublished"/> for the writers' views (CLI, samples).</summary>
    public static CatalogRepository Catalog(this SpatialHubDatabase database, bool includeUnpublished = false) => new(database.DataSource, includeUnpublished);

    public static Publishing.AuditLog Audit(this SpatialHubDatabase database) => new(database.DataSource);

    public static Publishing.PublisherStore Publishers(this SpatialHubDatabase database) => new(database.DataSource);

    public static Publishing.DatasetPublishing Publishing(this SpatialHubDatabase database) => new(database.DataSource);

    /// <summary>Refresh state and locks of registered sources, on the primary.</summary>
    public static SourceStateStore SourceStates(this SpatialHubDatabase database) => new(database.DataSource);

    /// <summary>A watcher that listens on the primary of the database <paramref name="database"/> returns once open.</summary>
    public static CatalogVersionWatcher Watcher(Func<SpatialHubDatabase> database) => new(() => database().DataSource);
}
