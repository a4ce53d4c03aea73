using Microsoft.Extensions.Logging;

namespace Gateway.Processors.Redaction;

/// <summary>The <c>redaction</c> processor: runs after sampling, so dropped events are never scanned.</summary>
public sealed class RedactionProcessorFactory : IProcessorFactory
{
    public string Type => "redaction";

    public int Order => 20;

    public object CreateDefaultOptions() => new RedactionOptions();

    public IEventProcessor Create(ProcessorContext context)
    {
        var options = (RedactionOptions)context.Options;
        var rules = RedactionRules.Compile(options);
        var name = context.Id.ToString();
        var logger = context.LoggerFactory.CreateLogger<RedactionProcessor>();
        var detectors = string.Join(", ", rules.Detectors.Select(static d => d.Label));
        RedactionLog.Started(logger, name, rules.Keys.Action, rules.Keys.AllowListMode, rules.Detectors.Length, detectors);
        return new RedactionProcessor(name, rules);
    }
}
