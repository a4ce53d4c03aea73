using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Gateway.Exporters.Elasticsearch.Query;

/// <summary>
/// Reads the query string of the three endpoints. Every parameter it does not know is refused by name (a typo such as
/// <c>tag[plan]</c> would otherwise widen the question silently), and every refusal names the accepted forms.
/// </summary>
public static class EventQueryParameters
{
    public const string TimeForms = "an ISO date or time (2024-01-31, 2024-01-31T12:00:00Z) or now, now-7d (units s, m, h, d, w, M, y)";
    private static readonly string[] Levels = ["debug", "info", "warn", "error", "fatal"];
    private static readonly string[] FilterNames = ["name", "from", "to", "period", "level", "service"];

    public static EventFilter Filter(IQueryCollection query, DateTimeOffset now, EventScope? scope, params string[] allowed)
    {
        foreach (var (key, _) in query)
        {
            if (key.StartsWith("tags[", StringComparison.Ordinal) || Array.IndexOf(FilterNames, key) >= 0 || Array.IndexOf(allowed, key) >= 0) continue;
            var known = string.Join(", ", FilterNames.Concat(allowed).Append("tags[<key>]"));
            throw new QueryParameterException(key, $"unknown parameter '{key}': this endpoint takes {known}");
        }

        var filter = new EventFilter { Name = Single(query, "name"), Service = Single(query, "service"), Scope = scope };
        if (filter.Name is { Length: 0 }) throw new QueryParameterException("name", "name is empty: write an event name (user.signup) or a pattern with * (user.*)");
        foreach (var (key, values) in query)
        {
            if (!key.StartsWith("tags[", StringComparison.Ordinal)) continue;
            if (!key.EndsWith(']') || key.Length < 7) throw new QueryParameterException(key, $"'{key}' is not a tag filter: write tags[<key>]=<value>, e.g. tags[plan]=pro");
            filter.Tags.Add(new(key[5..^1], values.ToString()));
        }

        if (Single(query, "level") is { } levels)
        {
            foreach (var level in levels.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var known = level.ToLowerInvariant();
                if (Array.IndexOf(Levels, known) < 0) throw new QueryParameterException("level", $"'{level}' is not a level: write one or more of {string.Join(", ", Levels)}, comma-separated");
                filter.Levels.Add(known);
            }
        }

        var period = Single(query, "period");
        var from = Single(query, "from");
        var to = Single(query, "to");
        if (period is not null && (from is not null || to is not null))
        {
            throw new QueryParameterException("period", "give either period (the last hour, day, week, month or year) or from/to, not both");
        }

        if (period is not null) filter.From = now - PeriodLength(period, now);
        if (from is not null) filter.From = Time("from", from, now, endOfDay: false);
        if (to is not null) filter.To = Time("to", to, now, endOfDay: true);
        if (filter.From > filter.To) throw new QueryParameterException("from", $"from ({from}) is after to ({to})");
        return filter;
    }

    /// <summary>An integer within [min, max], or the default.</summary>
    public static int Integer(IQueryCollection query, string name, int fallback, int min, int max)
    {
        var text = Single(query, name);
        if (text is null) return fallback;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new QueryParameterException(name, $"'{text}' is not a whole number from {min} to {max}; write e.g. {name}={fallback}");
        }

        return value;
    }

    public static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1) throw new QueryParameterException(name, $"{name} is given {values.Count} times: give it once");
        return values[0]?.Trim();
    }

    /// <summary>
    /// An ISO date or time, or now / now-N{unit}. A date alone as the end means the end of that day: to=2024-01-31
    /// includes the 31st.
    /// </summary>
    public static DateTimeOffset Time(string parameter, string text, DateTimeOffset now, bool endOfDay)
    {
        if (text.StartsWith("now", StringComparison.Ordinal))
        {
            if (text.Length == 3) return now;
            if (text.Length > 4 && text[3] is '-' or '+' && TryLength(text[4..], now, out var length)) return text[3] == '-' ? now - length : now + length;
        }
        else if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && text.Contains('T', StringComparison.Ordinal))
        {
            return time;
        }

        throw new QueryParameterException(parameter, $"'{text}' is not a time: write {TimeForms}");
    }

    private static TimeSpan PeriodLength(string period, DateTimeOffset now) => period switch
    {
        "hour" => TimeSpan.FromHours(1),
        "day" => TimeSpan.FromDays(1),
        "week" => TimeSpan.FromDays(7),
        "month" => now - now.AddMonths(-1),
        "year" => now - now.AddYears(-1),
        _ => throw new QueryParameterException("period", $"'{period}' is not a period: write hour, day, week, month or year"),
    };

    private static bool TryLength(string text, DateTimeOffset now, out TimeSpan length)
    {
        length = default;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            'w' => TimeSpan.FromDays(7.0 * n),
            'M' => now - now.AddMonths(-n),
            'y' => now - now.AddYears(-n),
            _ => null,
        };
        if (unit is not { } value) return false;
        length = value;
        return true;
    }
}
