using Gateway.Configuration;

namespace Gateway.Otlp.Receivers;

public sealed class OtlpReceiverFactory : IReceiverFactory
{
    public string Type => "otlp";

    public object CreateDefaultOptions() => new OtlpReceiverOptions();
}
