namespace Gateway.Processors;

/// <summary>Builds the processor of one YAML type under <c>processors:</c>.</summary>
public interface IProcessorFactory
{
    string Type { get; }

    /// <summary>Position in the fixed order processors run in (sampling before redaction, so dropped events cost nothing).</summary>
    int Order { get; }

    object CreateDefaultOptions();

    IEventProcessor Create(ProcessorContext context);
}
