using System.Globalization;
using Gateway.Envelope;
using Gateway.Exporters.Chat.Text;
using Gateway.Links;

namespace Gateway.Exporters.Chat;

/// <summary>
/// Chooses and words what a message shows, from the exporter's options. Runs only for messages actually posted
/// (a few per minute at most), so building strings here is not on the per-event path.
/// </summary>
public sealed class ChatContentBuilder
{
    /// <summary>A held-back summary names this many groups; the rest are counted in one line.</summary>
    public const int MaxHeldBackLines = 10;

    private readonly ChatExporterOptions _options;
    private readonly MessageTemplate? _template;
    private readonly KibanaDiscoverLink? _kibana;
    private readonly string? _sentryIssues;

    public ChatContentBuilder(ChatExporterOptions options)
    {
        _options = options;
        if (options.Template is not null && MessageTemplate.TryParse(options.Template, out var template, out _)) _template = template;
        if (options.KibanaUrl is not null)
        {
            var legacy = Version.TryParse(options.KibanaVersion, out var version) && KibanaDiscoverLink.IsLegacyVersion(version);
            _kibana = new KibanaDiscoverLink(options.KibanaUrl, options.KibanaDataViewId, legacy);
        }

        if (options.SentryUrl is not null) _sentryIssues = options.SentryUrl.TrimEnd('/') + "/issues/?query=";
    }

    public ChatContent Build(ChatNotice notice) => notice.Kind switch
    {
        NoticeKind.Event => BuildEvent(notice, notice.Envelope!),
        NoticeKind.GroupSummary => BuildGroupSummary(notice, notice.Envelope!),
        _ => BuildHeldBackSummary(notice),
    };

    private ChatContent BuildEvent(ChatNotice notice, EventEnvelope envelope) => new()
    {
        Notice = notice,
        Level = envelope.Level,
        Headline = HeadlineOf(envelope),
        Service = envelope.Service,
        Environment = envelope.Environment,
        Message = envelope.Message ?? (envelope.Body.IsEmpty ? null : envelope.Body.ToString()),
        ErrorName = envelope.Error?.Name,
        ErrorMessage = envelope.Error?.Message,
        Stack = StackTop.Take(envelope.Error?.Stack, _options.StackFrames),
        Actor = Describe(envelope.Actor),
        Scope = Describe(envelope.Scope),
        Attributes = PickAttributes(envelope),
        Time = envelope.Time,
        EventId = envelope.IdHex,
        KibanaUrl = KibanaLinkOf(envelope),
        SentryUrl = _sentryIssues is null ? null : _sentryIssues + envelope.IdHex,
    };

    private ChatContent BuildGroupSummary(ChatNotice notice, EventEnvelope envelope) => new()
    {
        Notice = notice,
        Level = envelope.Level,
        Headline = $"×{notice.Count} more · {HeadlineOf(envelope)}",
        Service = envelope.Service,
        Environment = envelope.Environment,
        ErrorName = envelope.Error?.Name,
        Time = DateTimeOffset.UnixEpoch.AddTicks(notice.LastUnixNano / 100),
        SummaryLine = string.Create(
            CultureInfo.InvariantCulture,
            $"×{notice.Count} more in the last {Duration(notice.Span)} (first {Clock(notice.FirstUnixNano)}, last {Clock(notice.LastUnixNano)})"),
    };

    private ChatContent BuildHeldBackSummary(ChatNotice notice)
    {
        var lines = new List<string>(Math.Min(notice.HeldBack.Count, MaxHeldBackLines) + 1);
        var level = EventLevel.Debug;
        for (var i = 0; i < notice.HeldBack.Count; i++)
        {
            var group = notice.HeldBack[i];
            if (group.Example.Level > level) level = group.Example.Level;
            if (i < MaxHeldBackLines) lines.Add(DescribeGroup(group));
        }

        var named = 0;
        for (var i = 0; i < notice.HeldBack.Count && i < MaxHeldBackLines; i++) named += notice.HeldBack[i].Count;
        if (named < notice.Count) lines.Add($"… and {notice.Count - named} more event(s) in other groups");
        return new ChatContent
        {
            Notice = notice,
            Level = level,
            Headline = $"⏸ {notice.Count} event(s) held back by the rate limit",
            Time = DateTimeOffset.UnixEpoch.AddTicks(notice.LastUnixNano / 100),
            SummaryLine = string.Create(
                CultureInfo.InvariantCulture,
                $"{notice.Count} event(s) were not posted because this channel gets at most {_options.RateLimit} messages per minute (first {Clock(notice.FirstUnixNano)}, last {Clock(notice.LastUnixNano)})."),
            HeldBackLines = lines,
        };
    }

    private string DescribeGroup(HeldBackGroup group)
    {
        var example = group.Example;
        var line = $"{group.Count}× {HeadlineOf(example)} · {example.Service}";
        return example.Error?.Name is { } errorName ? $"{line} · {errorName}" : line;
    }

    private string HeadlineOf(EventEnvelope envelope)
    {
        var headline = _template?.Render(envelope);
        return string.IsNullOrWhiteSpace(headline) ? envelope.Title ?? envelope.Name : headline;
    }

    private IReadOnlyList<KeyValuePair<string, string>> PickAttributes(EventEnvelope envelope)
    {
        var picked = new List<KeyValuePair<string, string>>(_options.MaxAttributes);
        if (_options.Attributes.Count > 0)
        {
            foreach (var key in _options.Attributes)
            {
                if (picked.Count == _options.MaxAttributes) break;
                if (EnvelopeField.ReadAttribute(envelope.Attributes, key) is { } value) picked.Add(new(key, value));
            }

            return picked;
        }

        foreach (var entry in envelope.Attributes)
        {
            if (picked.Count == _options.MaxAttributes) break;
            if (!entry.Value.IsEmpty) picked.Add(new(entry.Key, entry.Value.ToString()));
        }

        return picked;
    }

    private string? KibanaLinkOf(EventEnvelope envelope)
    {
        if (_kibana is null) return null;
        if (envelope.SessionId is { Length: > 0 } session) return _kibana.Build(_options.KibanaSessionField, session, envelope.Time, _options.KibanaWindow);
        if (envelope.TraceId is { Length: > 0 } trace) return _kibana.Build(_options.KibanaTraceField, trace, envelope.Time, _options.KibanaWindow);
        return null;
    }

    private static string? Describe(EntityRef? entity) => entity is null ? null : entity.Id is null ? entity.Type : $"{entity.Type} {entity.Id}";

    private static string Clock(long unixNano) =>
        DateTimeOffset.UnixEpoch.AddTicks(unixNano / 100).UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    internal static string Duration(TimeSpan span) => span switch
    {
        { TotalHours: >= 1 } when span.TotalHours == Math.Floor(span.TotalHours) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0} h"),
        { TotalMinutes: >= 1 } when span.TotalMinutes == Math.Floor(span.TotalMinutes) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0} min"),
        { TotalMinutes: >= 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0} s"),
    };
}
