using System.Globalization;

namespace Gateway.Configuration;

/// <summary>Durations as the collector writes them: 250ms, 30s, 5m, 1h, 1m30s (units ns, us, ms, s, m, h).</summary>
public static class DurationParser
{
    public const string Expected = "a duration like 250ms, 30s, 5m or 1h30m";

    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty) return false;
        if (span is "0") return true;
        double totalTicks = 0;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.')) digits++;
            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return false;
            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength])) unitLength++;
            double ticksPerUnit = span[..unitLength] switch
            {
                "ns" => 0.01,
                "us" or "µs" => 10,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1,
            };
            if (ticksPerUnit < 0) return false;
            totalTicks += number * ticksPerUnit;
            span = span[unitLength..];
        }

        duration = TimeSpan.FromTicks((long)totalTicks);
        return true;
    }
}
