using System.Text;
using System.Text.Json;
using Gateway.Envelope;
using Gateway.Otlp.Events;

namespace Gateway.Tests.Events;

/// <summary>Event times as the shapes send them: ISO 8601 text in its common spellings, or milliseconds since 1970.</summary>
public sealed class EventTimeTests
{
    [Theory]
    [InlineData("\"2024-01-15T10:30:00Z\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15t10:30:00z\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15 10:30:00\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15T10:30Z\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15\"", "2024-01-15T00:00:00Z")]
    [InlineData("\"2024-01-15T12:30:00+02:00\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15T05:30:00-0500\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15T12:30:00+02\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15T10:30:00.123456789123Z\"", "2024-01-15T10:30:00.123456789Z")]
    [InlineData("\"2024-01-15T10:30:00,5Z\"", "2024-01-15T10:30:00.500Z")]
    [InlineData("\"2016-12-31T23:59:60Z\"", "2017-01-01T00:00:00Z")]
    [InlineData("\"2024-02-29T00:00:00Z\"", "2024-02-29T00:00:00Z")]
    [InlineData("1705314600000", "2024-01-15T10:30:00Z")]
    [InlineData("1705314600000.25", "2024-01-15T10:30:00.000250Z")]
    [InlineData("\"1705314600000\"", "2024-01-15T10:30:00Z")]
    [InlineData("\"2024-01-15T10:30:00\\u005A\"", "2024-01-15T10:30:00Z")]
    public void IsoTextAndMillisecondsReadAsTheInstantTheyName(string json, string expected)
    {
        Assert.Equal(expected, EnvelopeTime.Format((long)Read(json)!.Value));
    }

    [Theory]
    [InlineData("\"yesterday\"", "time \"yesterday\" is not ISO 8601 text")]
    [InlineData("\"2024-02-30T00:00:00Z\"", "time \"2024-02-30T00:00:00Z\" is not a date on the calendar")]
    [InlineData("\"2024-01-15T24:00:00Z\"", "time \"2024-01-15T24:00:00Z\" is not a time of day")]
    [InlineData("\"2024-01-15T10:30:00Zjunk\"", "is not ISO 8601 text")]
    [InlineData("\"15/01/2024 10:30\"", "is not ISO 8601 text")]
    [InlineData("\"1969-12-31T23:59:59Z\"", "is before 1970 (the Unix epoch)")]
    [InlineData("-1", "time is negative, a time before 1970")]
    [InlineData("-1e300", "time is negative, a time before 1970")]
    [InlineData("true", "time is a boolean")]
    [InlineData("{\"create\": 1}", "time is an object")]
    public void AnythingElseRejectsTheEventSayingWhatToSend(string json, string reason)
    {
        var rejected = Assert.Throws<EventRejectedException>(() => Read(json));
        Assert.Contains(reason, rejected.Message, StringComparison.Ordinal);
        Assert.EndsWith(EventTime.Form, rejected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"2262-04-12T00:00:00Z\"")]
    [InlineData("\"9999-12-31T23:59:59Z\"")]
    [InlineData("9300000000000000")]
    [InlineData("1e30")]
    public void ATimePastWhatTheEnvelopeHoldsIsReportedAsOutOfRange(string json)
    {
        Assert.True(EventTime.IsOutOfRange(Read(json)!.Value));
    }

    [Fact]
    public void NullIsNoTime() => Assert.Null(Read("null"));

    private static ulong? Read(string value)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes($"{{\"time\": {value}}}"));
        reader.Read();
        reader.Read();
        return EventTime.ReadProperty(ref reader, "time");
    }
}
