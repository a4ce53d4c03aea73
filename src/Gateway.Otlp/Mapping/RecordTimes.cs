using Gateway.Otlp.Proto.Logs.V1;

namespace Gateway.Otlp.Mapping;

/// <summary>
/// The envelope's time and observed time from a record's unsigned (fixed64) nanoseconds. The envelope holds signed
/// 64-bit nanoseconds, up to 2262-04-11T23:47:16.854775807Z; a value at or past 2^63 (typically a negative time
/// cast to unsigned by the sender) has no place there and, cast, would wrap to 1677 or 1969. It is replaced as an
/// absent one is (time: the observed time, else the receive time; observed time: the receive time) and the
/// replacement is listed in <c>truncated</c>, so the record is kept and nobody mistakes the time for the sender's.
/// </summary>
internal static class RecordTimes
{
    public const string TimeReplacedByObservedTime = "time_unix_nano (out of range: replaced by the observed time)";
    public const string TimeReplacedByReceiveTime = "time_unix_nano (out of range: replaced by the receive time)";
    public const string ObservedTimeReplaced = "observed_time_unix_nano (out of range: replaced by the receive time)";

    public static (long Time, long ObservedTime) Resolve(LogRecord record, long receivedAt, TruncationMarks marks)
    {
        var sentObserved = record.ObservedTimeUnixNano;
        var observedUsable = sentObserved is not 0 and <= long.MaxValue;
        if (sentObserved > long.MaxValue) marks.Mark(ObservedTimeReplaced);
        var observed = observedUsable ? (long)sentObserved : receivedAt;

        var sentTime = record.TimeUnixNano;
        if (sentTime is not 0 and <= long.MaxValue) return ((long)sentTime, observed);
        if (sentTime > long.MaxValue) marks.Mark(observedUsable ? TimeReplacedByObservedTime : TimeReplacedByReceiveTime);
        return (observed, observed);
    }
}
