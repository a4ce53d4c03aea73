using System.Globalization;
using Gateway.Configuration;

namespace Gateway.Processors.Sampling;

/// <summary>The one check every keep-rate gets, with the fix spelled out (rates are fractions, not percentages).</summary>
public static class RateCheck
{
    public static void Validate(OptionsValidationContext context, string key, double rate)
    {
        if (rate is >= 0 and <= 1) return;
        var hint = rate is > 1 and <= 100
            ? $"; rates are fractions: for {rate.ToString(CultureInfo.InvariantCulture)}% write {(rate / 100).ToString(CultureInfo.InvariantCulture)}"
            : "; write 1 to keep everything, 0.1 to keep 10%, 0 to drop everything";
        context.Error(key, $"must be a keep-rate between 0 and 1, got {rate.ToString(CultureInfo.InvariantCulture)}{hint}");
    }
}
