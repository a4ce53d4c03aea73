using Microsoft.Extensions.Logging;

namespace Gateway.Processors.Sampling;

internal static partial class SamplingLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug,
        Message = "Sampling {Processor} on: debug {Debug}, info {Info}, warn {Warn}, error {Error}, fatal {Fatal}, {RuleCount} rules, seed {Seed}, keep session on error {KeepSessionOnError}")]
    public static partial void Started(ILogger logger, string processor, double debug, double info, double warn, double error, double fatal, int ruleCount, long seed, bool keepSessionOnError);
}
