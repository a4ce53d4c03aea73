using Microsoft.Extensions.Logging;

namespace Gateway.Diagnostics;

/// <summary>The pipeline's own log lines (event ids 1000-1099); none carries an event payload.</summary>
public static partial class PipelineLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Exporter {Exporter} could not deliver {Count} event(s): {Result}")]
    public static partial void ExportFailed(ILogger logger, string exporter, int count, string result);
}
