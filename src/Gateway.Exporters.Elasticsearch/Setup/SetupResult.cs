using Gateway.Exporters.Elasticsearch.Transport;

namespace Gateway.Exporters.Elasticsearch.Setup;

/// <summary>How set-up ended: done, refused by the cluster (a 4xx: will not change by itself), or not reachable yet.</summary>
public sealed record SetupResult(SetupStatus Status, SetupStep? Step = null, int HttpStatus = 0, ElasticsearchError? Error = null, string? Reason = null);

public enum SetupStatus : byte
{
    Done,
    Refused,
    Unreachable,
}
