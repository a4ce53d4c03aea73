using Gateway.Otlp.Receivers.Refusals;
using Gateway.Testing.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Otlp;

/// <summary>Refusals are logged at most once per transport and reason every 10 s, and the next line says how many were left out.</summary>
public sealed class ReceiverRefusalsTests
{
    [Fact]
    public void AFloodOfOneRefusalWritesOneLinePerTenSecondsWithTheNumberLeftOut()
    {
        var time = new FakeTimeProvider();
        using var logs = new LogRecorder();
        using var factory = logs.CreateFactory();
        var refusals = new ReceiverRefusals(factory.CreateLogger<ReceiverRefusals>(), time);

        for (var i = 0; i < 25; i++)
        {
            refusals.Count("http", RefusalReasons.UnsupportedMediaType, "415", "text/plain");
            time.Advance(TimeSpan.FromMilliseconds(100));
        }

        refusals.Count("grpc", RefusalReasons.UnsupportedMediaType, "415", "other transport");
        refusals.Count("http", RefusalReasons.BadRequest, "400", "other reason");
        time.Advance(TimeSpan.FromSeconds(10));
        refusals.Count("http", RefusalReasons.UnsupportedMediaType, "415", "after the interval");

        var lines = logs.Entries.Where(e => e.EventId == 1150).ToList();
        Assert.All(lines, line => Assert.Equal(LogLevel.Warning, line.Level));
        Assert.Equal(["http/unsupported_media_type/0", "grpc/unsupported_media_type/0", "http/bad_request/0", "http/unsupported_media_type/24"],
            lines.Select(e => $"{e.Fields["Transport"]}/{e.Fields["Reason"]}/{e.Fields["Suppressed"]}").ToArray());
        Assert.Contains("24 more refused", lines[^1].Message, StringComparison.Ordinal);
    }
}
