using Microsoft.Extensions.Logging;

namespace Gateway.Processors.Sampling;

/// <summary>The <c>sampling</c> processor: runs first, so redaction and exporters never spend work on dropped events.</summary>
public sealed class SamplingProcessorFactory : IProcessorFactory
{
    public string Type => "sampling";

    public int Order => 10;

    public object CreateDefaultOptions() => new SamplingOptions();

    public IEventProcessor Create(ProcessorContext context)
    {
        var options = (SamplingOptions)context.Options;
        var name = context.Id.ToString();
        var rates = options.Rates;
        var logger = context.LoggerFactory.CreateLogger<SamplingProcessor>();
        SamplingLog.Started(logger, name, rates.Debug, rates.Info, rates.Warn, rates.Error, rates.Fatal, options.Rules.Count, options.Seed, options.KeepSessionOnError is not null);
        return new SamplingProcessor(name, options, context.Time);
    }
}
