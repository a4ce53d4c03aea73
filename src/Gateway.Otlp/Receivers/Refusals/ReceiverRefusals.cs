using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gateway.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gateway.Otlp.Receivers.Refusals;

/// <summary>
/// The one place a receiver answer other than success is counted and logged, whichever transport and whichever gate
/// gave it: <c>otelcol_receiver_refused_requests{receiver, transport, reason}</c> (and the refused records where their
/// number is known), plus a warning at most once per reason every <see cref="ReportInterval"/> with the number left out.
/// </summary>
public sealed class ReceiverRefusals(ILogger<ReceiverRefusals> logger, TimeProvider time)
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);

    // Marks a request whose refusal is counted, so the catch-all at the door does not count it a second time.
    private static readonly object CountedKey = new();

    private const string IgnoredFieldsReport = "ignored_fields";

    private readonly ConcurrentDictionary<(string Transport, string Reason), LogThrottle> _reports = new();

    /// <summary>The last refusals with their reasons, for the status page.</summary>
    public RecentRefusals Recent { get; } = new();

    /// <summary>Counts and logs a refusal of <paramref name="context"/>; <paramref name="answer"/> is the HTTP status or gRPC code sent.</summary>
    public void Refuse(HttpContext context, string transport, string reason, string answer, string detail, long records = 0)
    {
        context.Items[CountedKey] = reason;
        Count(transport, reason, answer, detail, records);
    }

    public static bool IsCounted(HttpContext context) => context.Items.ContainsKey(CountedKey);

    /// <summary>Counts and logs a refusal that has no request to mark (a request cut off by a timeout, say).</summary>
    public void Count(string transport, string reason, string answer, string detail, long records = 0)
    {
        var tags = new TagList { OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.TransportTag(transport), { "reason", reason } };
        OtlpReceiverMetrics.RefusedRequests.Add(1, tags);
        if (records > 0) OtlpReceiverMetrics.Refused.Add(records, tags);
        Recent.Add(new RefusalRecord(time.GetUtcNow(), transport, reason, answer, detail));
        if (Report(transport, reason).TryReport(1, out var total)) OtlpReceiverLog.RequestRefused(logger, transport, answer, reason, detail, total - 1);
    }

    /// <summary>
    /// A JSON request answered 200 as OTLP requires, that held no log record but had top-level fields OTLP does not
    /// know: most likely an application posting its own JSON shape, which would otherwise vanish without a trace.
    /// </summary>
    public void IgnoredFields(string transport, IReadOnlyList<string> fields)
    {
        OtlpReceiverMetrics.IgnoredRequests.Add(1, OtlpReceiverMetrics.ReceiverTag, OtlpReceiverMetrics.TransportTag(transport));
        if (Report(transport, IgnoredFieldsReport).TryReport(1, out var total)) OtlpReceiverLog.FieldsIgnored(logger, transport, string.Join(", ", fields), total - 1);
    }

    private LogThrottle Report(string transport, string reason) =>
        _reports.GetOrAdd((transport, reason), static (_, time) => new LogThrottle(ReportInterval, time), time);

    /// <summary>The HTTP status as the log shows it (no allocation for the statuses the receivers send).</summary>
    public static string Http(int status) => status switch
    {
        400 => "400",
        401 => "401",
        403 => "403",
        404 => "404",
        405 => "405",
        408 => "408",
        413 => "413",
        415 => "415",
        429 => "429",
        503 => "503",
        _ => status.ToString(CultureInfo.InvariantCulture),
    };
}
