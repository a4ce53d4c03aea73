using Microsoft.Extensions.Logging;

namespace Gateway.Processors.Redaction;

internal static partial class RedactionLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Information,
        Message = "Redaction {Processor} on: key action {KeyAction}, allow-list mode {AllowList}, {DetectorCount} value detectors ({Detectors})")]
    public static partial void Started(ILogger logger, string processor, RedactionAction keyAction, bool allowList, int detectorCount, string detectors);
}
