using Gateway.Configuration;

namespace Gateway.Pipeline;

/// <summary><c>service.dead_letter</c>: the NDJSON file that keeps events no exporter could deliver, for inspection or replay.</summary>
public sealed class DeadLetterOptions : IValidatableOptions
{
    public bool Enabled { get; set; } = true;

    public string Path { get; set; } = "./data/dead-letter.ndjson";

    public void Validate(OptionsValidationContext context)
    {
        if (Enabled && string.IsNullOrWhiteSpace(Path)) context.Error("path", "a dead-letter file needs a path, e.g. path: ./data/dead-letter.ndjson (or enabled: false to only count)");
    }
}
