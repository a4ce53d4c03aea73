using System.Globalization;

namespace Gateway.Testing.Diagnostics;

/// <summary>
/// One scrape of a Prometheus text endpoint, read the way a Prometheus server does: TYPE lines, then one sample per
/// line as <c>name{label="value",...} number</c>. A sample absent from the scrape reads as 0.
/// </summary>
public sealed class PrometheusScrape
{
    private readonly List<(string Name, Dictionary<string, string> Labels, double Value)> _samples = [];
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    private PrometheusScrape()
    {
    }

    public static async Task<PrometheusScrape> ScrapeAsync(HttpClient http, Uri telemetryEndpoint)
    {
        using var response = await http.GetAsync(new Uri(telemetryEndpoint, "metrics")).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentType?.MediaType != "text/plain") throw new InvalidOperationException($"/metrics answered {response.Content.Headers.ContentType}, not Prometheus text");
        return Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
    }

    public static PrometheusScrape Parse(string text)
    {
        var scrape = new PrometheusScrape();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                scrape._types[parts[2]] = parts[3];
                continue;
            }

            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            var series = line[..space];
            var value = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            var brace = series.IndexOf('{');
            var name = brace < 0 ? series : series[..brace];
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (brace >= 0)
            {
                foreach (var pair in series[(brace + 1)..^1].Split("\",", StringSplitOptions.RemoveEmptyEntries))
                {
                    var equals = pair.IndexOf('=');
                    labels[pair[..equals]] = pair[(equals + 2)..].TrimEnd('"');
                }
            }

            scrape._samples.Add((name, labels, value));
        }

        return scrape;
    }

    /// <summary>The declared type (counter, gauge) of a metric, or null when it is not in the scrape.</summary>
    public string? TypeOf(string name) => _types.GetValueOrDefault(name);

    /// <summary>The sum of the samples of <paramref name="name"/> that carry every given label value.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        double sum = 0;
        foreach (var (sampleName, sampleLabels, value) in _samples)
        {
            if (sampleName != name) continue;
            var matches = true;
            foreach (var (label, expected) in labels) matches &= sampleLabels.GetValueOrDefault(label) == expected;
            if (matches) sum += value;
        }

        return sum;
    }
}
