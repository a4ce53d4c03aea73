using System.Buffers.Text;

namespace Gateway.Envelope;

/// <summary>RFC 3339 UTC timestamps with nanosecond precision, written without allocating.</summary>
public static class EnvelopeTime
{
    /// <summary>Longest output: "2026-11-23T18:31:29.123456789Z".</summary>
    public const int MaxLength = 30;

    public static long UnixNanoNow(TimeProvider clock) => (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Writes the time with the fraction trimmed to 3, 6 or 9 digits as needed.</summary>
    public static int Format(long unixNano, Span<byte> destination)
    {
        var seconds = Math.DivRem(unixNano, 1_000_000_000L, out var nanos);
        if (nanos < 0) { seconds--; nanos += 1_000_000_000L; }
        var date = DateTime.UnixEpoch.AddSeconds(seconds);
        var at = 0;
        WriteDigits(destination, ref at, date.Year, 4);
        destination[at++] = (byte)'-';
        WriteDigits(destination, ref at, date.Month, 2);
        destination[at++] = (byte)'-';
        WriteDigits(destination, ref at, date.Day, 2);
        destination[at++] = (byte)'T';
        WriteDigits(destination, ref at, date.Hour, 2);
        destination[at++] = (byte)':';
        WriteDigits(destination, ref at, date.Minute, 2);
        destination[at++] = (byte)':';
        WriteDigits(destination, ref at, date.Second, 2);
        if (nanos != 0)
        {
            destination[at++] = (byte)'.';
            if (nanos % 1_000_000 == 0) WriteDigits(destination, ref at, (int)(nanos / 1_000_000), 3);
            else if (nanos % 1_000 == 0) WriteDigits(destination, ref at, (int)(nanos / 1_000), 6);
            else WriteDigits(destination, ref at, (int)nanos, 9);
        }

        destination[at++] = (byte)'Z';
        return at;
    }

    public static string Format(long unixNano)
    {
        Span<byte> buffer = stackalloc byte[MaxLength];
        var length = Format(unixNano, buffer);
        return System.Text.Encoding.ASCII.GetString(buffer[..length]);
    }

    /// <summary>Parses RFC 3339 (any offset, up to nanosecond fraction) back to Unix nanoseconds.</summary>
    public static bool TryParse(string text, out long unixNano)
    {
        unixNano = 0;
        if (!DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal, out var parsed)) return false;
        var wholeSeconds = parsed.ToUnixTimeSeconds();
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        long fraction = 0;
        if (dot > 0)
        {
            var digits = 0;
            for (var i = dot + 1; i < text.Length && char.IsAsciiDigit(text[i]); i++)
            {
                if (digits < 9) { fraction = fraction * 10 + (text[i] - '0'); digits++; }
            }

            for (; digits < 9; digits++) fraction *= 10;
        }

        unixNano = wholeSeconds * 1_000_000_000L + fraction;
        return true;
    }

    private static void WriteDigits(Span<byte> destination, ref int at, int value, int width)
    {
        Utf8Formatter.TryFormat(value, destination.Slice(at, width), out _, new System.Buffers.StandardFormat('D', (byte)width));
        at += width;
    }
}
