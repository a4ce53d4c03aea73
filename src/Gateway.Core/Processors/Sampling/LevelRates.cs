using Gateway.Envelope;
using Gateway.Configuration;

namespace Gateway.Processors.Sampling;

/// <summary>The <c>rates:</c> block: the keep-rate of each level. A level not written keeps its documented default.</summary>
public sealed class LevelRates : IValidatableOptions
{
    public const double DefaultDebug = 0.01;
    public const double DefaultInfo = 0.1;

    public double Debug { get; set; } = DefaultDebug;

    public double Info { get; set; } = DefaultInfo;

    public double Warn { get; set; } = 1;

    public double Error { get; set; } = 1;

    public double Fatal { get; set; } = 1;

    public double For(EventLevel level) => level switch
    {
        EventLevel.Debug => Debug,
        EventLevel.Info => Info,
        EventLevel.Warn => Warn,
        EventLevel.Error => Error,
        _ => Fatal,
    };

    public void Validate(OptionsValidationContext context)
    {
        RateCheck.Validate(context, "debug", Debug);
        RateCheck.Validate(context, "info", Info);
        RateCheck.Validate(context, "warn", Warn);
        RateCheck.Validate(context, "error", Error);
        RateCheck.Validate(context, "fatal", Fatal);
    }
}
