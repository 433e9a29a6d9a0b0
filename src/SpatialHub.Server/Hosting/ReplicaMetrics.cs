using System.Diagnostics.Metrics;
using SpatialHub.PostGis.Replicas;

namespace SpatialHub.Server.Hosting;

/// <summary>Where reads went (Meter <c>SpatialHub.Database</c>), shown on <c>/metrics</c> as
/// <c>spatialhub_replica_reads_total{outcome=...}</c>: <c>replica</c>, or why the primary answered instead.</summary>
public sealed class ReplicaMetrics
{
    public const string MeterName = "SpatialHub.Database";
    private readonly Counter<long> _reads;

    public ReplicaMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _reads = meter.CreateCounter<long>("spatialhub.replica.reads",
            description: "Database reads by where they were answered: replica, or primary (none configured) and the reasons for falling back to it");
    }

    public void Read(ReadOutcome outcome) => _reads.Add(1, new KeyValuePair<string, object?>("outcome", Label(outcome)));

    private static string Label(ReadOutcome outcome) => outcome switch
    {
        ReadOutcome.Primary => "primary",
        ReadOutcome.Replica => "replica",
        ReadOutcome.ReplicaBehind => "fallback_behind",
        ReadOutcome.ReplicaMissingVersion => "fallback_missing_version",
        ReadOutcome.ReplicaDown => "fallback_replica_down",
        _ => "other",
    };
}
