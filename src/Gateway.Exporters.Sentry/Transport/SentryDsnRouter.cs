using Gateway.Matching;
using System.Collections.Concurrent;

namespace Gateway.Exporters.Sentry.Transport;

/// <summary>
/// Chooses the DSN of an event from its service: the first <c>dsn_by_service</c> pattern that matches, else <c>dsn</c>.
/// Services are few, so each answer is remembered and the patterns are not re-matched per event.
/// </summary>
public sealed class SentryDsnRouter
{
    private const int MaxRemembered = 10_000;

    private readonly (GlobPattern Glob, SentryDsn Dsn)[] _byService;
    private readonly SentryDsn? _default;
    private readonly ConcurrentDictionary<string, SentryDsn?> _resolved = new(StringComparer.Ordinal);

    public SentryDsnRouter(SentryExporterOptions options)
    {
        var byService = new List<(GlobPattern, SentryDsn)>(options.DsnByService.Count);
        foreach (var (pattern, text) in options.DsnByService)
        {
            byService.Add((GlobPattern.Compile(pattern), Parse(text, $"dsn_by_service.{pattern}")));
        }

        _byService = [.. byService];
        _default = options.Dsn is null ? null : Parse(options.Dsn, "dsn");
    }

    public SentryDsn? Resolve(string service)
    {
        if (_resolved.TryGetValue(service, out var known)) return known;
        var dsn = Match(service);
        if (_resolved.Count < MaxRemembered) _resolved.TryAdd(service, dsn);
        return dsn;
    }

    private SentryDsn? Match(string service)
    {
        foreach (var (glob, dsn) in _byService)
        {
            if (glob.IsMatch(service)) return dsn;
        }

        return _default;
    }

    private static SentryDsn Parse(string text, string key) =>
        SentryDsn.TryParse(text, out var dsn, out var error) ? dsn : throw new ArgumentException($"{key}: {error}", nameof(text));
}
