using System.Text.Json;

namespace Gateway.Host.RouteTests;

/// <summary>
/// What <c>gateway test</c> prints: PASS or FAIL per test, and for a failure each event that went wrong with a
/// "- expected / + actual" diff per expectation and the event's journey, so the cause is on the screen.
/// </summary>
internal static class RouteTestReport
{
    public static async Task WriteAsync(TextWriter output, RouteTestResult result, string testsPath)
    {
        var test = result.Test;
        if (result.Passed)
        {
            await output.WriteLineAsync($"PASS  {test.Name}").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"FAIL  {test.Name}  ({testsPath}:{test.Line})").ConfigureAwait(false);
        if (result.Error is not null)
        {
            await output.WriteLineAsync($"      {result.Error}").ConfigureAwait(false);
            return;
        }

        foreach (var (journey, mismatches) in result.Failures)
        {
            await output.WriteLineAsync($"      {journey.Label}, from line {journey.Line}:").ConfigureAwait(false);
            foreach (var mismatch in mismatches)
            {
                await output.WriteLineAsync($"        {mismatch.What}").ConfigureAwait(false);
                await output.WriteLineAsync($"        - expected  {mismatch.Expected}").ConfigureAwait(false);
                await output.WriteLineAsync($"        + actual    {mismatch.Actual}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"        journey: {Summary(journey)}").ConfigureAwait(false);
        }
    }

    /// <summary>One event's journey in full, for <c>gateway test --event</c>.</summary>
    public static async Task WriteJourneyAsync(TextWriter output, EventJourney journey)
    {
        var envelope = journey.Envelope;
        await output.WriteLineAsync($"{journey.Label}: {envelope.Level.ToString().ToLowerInvariant()} from {envelope.Service}{(envelope.Environment is null ? "" : "/" + envelope.Environment)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  received    {journey.Received}").ConfigureAwait(false);
        foreach (var (processor, outcome) in journey.Steps) await output.WriteLineAsync($"  {processor,-11} {outcome}").ConfigureAwait(false);
        if (!journey.Kept)
        {
            await output.WriteLineAsync("  routes      none: the processors did not pass it on").ConfigureAwait(false);
            return;
        }

        await output.WriteLineAsync($"  passed on   {Envelope.EnvelopeJson.ToJson(envelope)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  routes      {Routes(journey)}").ConfigureAwait(false);
        await output.WriteLineAsync($"  exporters   {(journey.Exporters.Count == 0 ? "none" : string.Join(", ", journey.Exporters))}").ConfigureAwait(false);
        foreach (var (exporter, mapping, index, document) in journey.Documents)
        {
            await output.WriteLineAsync($"  {exporter} writes this {mapping} document into {index}:").ConfigureAwait(false);
            await output.WriteLineAsync(Indent(IndentedJson(document), "    ")).ConfigureAwait(false);
        }
    }

    private static string Summary(EventJourney journey)
    {
        var steps = journey.Steps.Select(s => $"{s.Processor}: {s.Outcome}");
        var routing = journey.Kept ? [$"routes: {Routes(journey)}", $"exporters: {(journey.Exporters.Count == 0 ? "none" : string.Join(", ", journey.Exporters))}"] : new[] { "not routed" };
        return string.Join("; ", steps.Concat(routing));
    }

    private static string Routes(EventJourney journey) =>
        journey.Routes.Count == 0 ? "none matched and there is no default route: unrouted (counted, never delivered)" : string.Join(", ", journey.Routes);

    private static string Indent(string text, string prefix) => prefix + text.ReplaceLineEndings("\n" + prefix);

    private static string IndentedJson(JsonElement document)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) document.WriteTo(writer);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
