using System.Diagnostics.Metrics;
using Gateway.Diagnostics;

namespace Gateway.Queues.Persistent;

/// <summary>Counters of the persistent queue on the gateway's one meter.</summary>
internal static class PersistentQueueMetrics
{
    public static readonly Counter<long> CorruptRecords = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_queue_corrupt_records", "{record}", "Records of a persistent queue found damaged and moved aside instead of delivered");

    public static readonly Counter<long> UndecodableRecords = GatewayMeter.Instance.CreateCounter<long>(
        "gateway_queue_undecodable_records", "{record}", "Intact records of a persistent queue that did not decode as an event (e.g. written by a newer gateway): acknowledged and dropped");

    public static void CountCorrupt(string queue) => CorruptRecords.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public static void CountUndecodable(string queue) => UndecodableRecords.Add(1, new KeyValuePair<string, object?>("queue", queue));
}
