using System.Buffers.Text;
using System.Text.Json;

namespace Gateway.Otlp.Events;

/// <summary>
/// An event's time as the shapes send it: ISO 8601 / RFC 3339 text (<c>2024-01-15T10:30:00Z</c>, any offset, up to
/// nanoseconds; without an offset it is UTC; a date alone is its midnight UTC) or milliseconds since 1970 (a number,
/// fractions allowed, as JavaScript's <c>Date.now()</c>; also as a string of digits). Handled as OTLP handles a record
/// time: one before 1970 or that is not a time rejects the event; one past what the envelope holds (2262-04-11) is
/// replaced by the receive time and listed in <c>truncated</c>.
/// </summary>
internal static class EventTime
{
    public const string Form = "send ISO 8601 text such as \"2024-01-15T10:30:00Z\" or milliseconds since 1970 as a number";

    private const long NanosPerSecond = 1_000_000_000L;
    private const long NanosPerMillisecond = 1_000_000L;

    /// <summary>
    /// Reads the time value after the property name the reader is on. Null when it is JSON null (no time sent);
    /// <see cref="ulong.MaxValue"/> when it is past the envelope's range; throws <see cref="EventRejectedException"/> when it is not a time.
    /// </summary>
    public static ulong? ReadProperty(ref Utf8JsonReader reader, string field)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return Milliseconds(ref reader, field);
            case JsonTokenType.String:
                var text = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                if (IsDigits(text)) return Milliseconds(text, field);
                if (TryParseIso8601(text, out var unixNano, out var fault)) return unixNano;
                throw new EventRejectedException($"{field} \"{Shorten(text)}\" {fault}; {Form}");
            default:
                var found = EventBodyScanner.Describe(reader.TokenType);
                reader.Skip();
                throw new EventRejectedException($"{field} is {found}; {Form}");
        }
    }

    /// <summary>What is written in <c>truncated</c> when <paramref name="field"/> was past the range and replaced.</summary>
    public static string ReplacedMark(string field) => $"{field} (out of range: replaced by the receive time)";

    /// <summary>Whether <paramref name="unixNano"/> is the "past the range" answer of <see cref="ReadProperty"/>.</summary>
    public static bool IsOutOfRange(ulong unixNano) => unixNano > long.MaxValue;

    private static ulong Milliseconds(ref Utf8JsonReader reader, string field)
    {
        if (reader.TryGetInt64(out var whole)) return FromMilliseconds(whole, field);
        if (reader.TryGetDecimal(out var fraction)) return FromMilliseconds(fraction, field);
        // A number neither a long nor a decimal holds: far before 1970 or far past the range.
        return reader.ValueSpan[0] == (byte)'-' ? throw Negative(field) : ulong.MaxValue;
    }

    private static ulong Milliseconds(ReadOnlySpan<byte> digits, string field) =>
        Utf8Parser.TryParse(digits, out long whole, out var consumed) && consumed == digits.Length ? FromMilliseconds(whole, field) : ulong.MaxValue;

    private static ulong FromMilliseconds(long milliseconds, string field)
    {
        if (milliseconds < 0) throw Negative(field);
        return milliseconds > long.MaxValue / NanosPerMillisecond ? ulong.MaxValue : (ulong)(milliseconds * NanosPerMillisecond);
    }

    private static ulong FromMilliseconds(decimal milliseconds, string field)
    {
        if (milliseconds < 0) throw Negative(field);
        var nanos = decimal.Truncate(milliseconds * NanosPerMillisecond);
        return nanos > long.MaxValue ? ulong.MaxValue : (ulong)nanos;
    }

    private static EventRejectedException Negative(string field) => new($"{field} is negative, a time before 1970; {Form}");

    /// <summary>
    /// <c>YYYY-MM-DD[(T|t| )hh:mm[:ss[(.|,)fraction]]][Z|z|(+|-)hh[:mm]]</c>, on the UTF-8 bytes without allocating.
    /// A time before 1970 is a fault (the event is rejected, as OTLP rejects a negative time); one past the envelope's
    /// range gives <see cref="ulong.MaxValue"/>.
    /// </summary>
    internal static bool TryParseIso8601(ReadOnlySpan<byte> text, out ulong unixNano, out string fault)
    {
        unixNano = 0;
        fault = "is not ISO 8601 text";
        var at = 0;
        if (!Digits(text, ref at, 4, out var year) || !Expect(text, ref at, (byte)'-') || !Digits(text, ref at, 2, out var month)
            || !Expect(text, ref at, (byte)'-') || !Digits(text, ref at, 2, out var day))
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            fault = "is not a date on the calendar";
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long nanos = 0;
        if (at < text.Length && text[at] is (byte)'T' or (byte)'t' or (byte)' ')
        {
            at++;
            if (!Digits(text, ref at, 2, out hour) || !Expect(text, ref at, (byte)':') || !Digits(text, ref at, 2, out minute)) return false;
            if (at < text.Length && text[at] == (byte)':')
            {
                at++;
                if (!Digits(text, ref at, 2, out second)) return false;
                if (at < text.Length && text[at] is (byte)'.' or (byte)',')
                {
                    at++;
                    var digits = 0;
                    for (; at < text.Length && char.IsAsciiDigit((char)text[at]); at++, digits++)
                    {
                        if (digits < 9) nanos = (nanos * 10) + (text[at] - '0');
                    }

                    if (digits == 0) return false;
                    for (; digits < 9; digits++) nanos *= 10;
                }
            }

            // 60 is a leap second, which RFC 3339 allows: it reads as the next minute's first second.
            if (hour > 23 || minute > 59 || second > 60)
            {
                fault = "is not a time of day";
                return false;
            }
        }

        long offsetSeconds = 0;
        if (at < text.Length)
        {
            switch (text[at])
            {
                case (byte)'Z' or (byte)'z':
                    at++;
                    break;
                case (byte)'+' or (byte)'-':
                    var sign = text[at] == (byte)'-' ? -1 : 1;
                    at++;
                    if (!Digits(text, ref at, 2, out var offsetHours)) return false;
                    var offsetMinutes = 0;
                    if (at < text.Length && text[at] == (byte)':') at++;
                    if (at < text.Length && !Digits(text, ref at, 2, out offsetMinutes)) return false;
                    if (offsetHours > 23 || offsetMinutes > 59) return false;
                    offsetSeconds = sign * ((offsetHours * 3600L) + (offsetMinutes * 60L));
                    break;
            }
        }

        if (at != text.Length) return false;
        var days = (long)(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalDays;
        var seconds = (days * 86_400L) + (hour * 3600L) + (minute * 60L) + second - offsetSeconds;
        if (seconds < 0)
        {
            fault = "is before 1970 (the Unix epoch), which the envelope cannot hold";
            return false;
        }

        unixNano = seconds > (long.MaxValue - nanos) / NanosPerSecond ? ulong.MaxValue : (ulong)((seconds * NanosPerSecond) + nanos);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, ref int at, int count, out int value)
    {
        value = 0;
        if (at + count > text.Length) return false;
        for (var i = 0; i < count; i++)
        {
            var c = text[at + i];
            if (!char.IsAsciiDigit((char)c)) return false;
            value = (value * 10) + (c - '0');
        }

        at += count;
        return true;
    }

    private static bool Expect(ReadOnlySpan<byte> text, ref int at, byte expected)
    {
        if (at >= text.Length || text[at] != expected) return false;
        at++;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty) return false;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit((char)c)) return false;
        }

        return true;
    }

    private static string Shorten(ReadOnlySpan<byte> text)
    {
        var value = System.Text.Encoding.UTF8.GetString(text.Length <= 40 ? text : text[..40]);
        return text.Length <= 40 ? value : value + "...";
    }
}
