using System.Buffers;
using System.Text.Json;
using Gateway.Envelope;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>Compares a journey with what its test expected; every expectation is checked, not only the first that fails.</summary>
internal static class ExpectationCheck
{
    public static List<Mismatch> Check(EventJourney journey)
    {
        var mismatches = new List<Mismatch>();
        foreach (var expect in journey.Expectations)
        {
            if (expect.Kept is { } kept && kept != journey.Kept) mismatches.Add(new("kept", Yes(kept), Yes(journey.Kept)));
            if (expect.RoutesGiven) CompareSets("routes", expect.Routes, journey.Routes, mismatches);
            if (expect.ExportersGiven) CompareSets("exporters", expect.Exporters, journey.Exporters, mismatches);
            if (expect.MessageGiven && expect.Message != journey.Envelope.Message)
            {
                mismatches.Add(new("message", Show(expect.Message), Show(journey.Envelope.Message)));
            }

            if (expect.Attributes is YamlMappingNode attributes) CompareFields("attributes", attributes, Attributes(journey.Envelope), mismatches);
            if (expect.Ecs is YamlMappingNode ecs) CompareDocument(journey, ecs, mismatches);
        }

        return mismatches;
    }

    private static void CompareSets(string what, List<string> expected, List<string> actual, List<Mismatch> mismatches)
    {
        if (expected.Count == actual.Count && expected.All(actual.Contains)) return;
        mismatches.Add(new(what, List(expected), List(actual)));
    }

    private static void CompareFields(string what, YamlMappingNode expected, JsonElement actual, List<Mismatch> mismatches)
    {
        foreach (var (keyNode, value) in expected.Children)
        {
            var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
            var found = JsonFields.TryFind(actual, key, out var field);
            if (Configuration.YamlBinder.IsNull(value))
            {
                if (found) mismatches.Add(new($"{what}.{key}", "(absent)", JsonFields.Show(field)));
                continue;
            }

            if (!found) mismatches.Add(new($"{what}.{key}", JsonFields.Show(value), "(absent)"));
            else if (!JsonFields.Matches(value, field)) mismatches.Add(new($"{what}.{key}", JsonFields.Show(value), JsonFields.Show(field)));
        }
    }

    private static void CompareDocument(EventJourney journey, YamlMappingNode expected, List<Mismatch> mismatches)
    {
        foreach (var (exporter, mapping, _, document) in journey.Documents)
        {
            if (mapping != "ecs") continue;
            CompareFields($"ecs ({exporter})", expected, document, mismatches);
            return;
        }

        var reached = journey.Exporters.Count == 0 ? "no exporter" : string.Join(", ", journey.Exporters);
        mismatches.Add(new("ecs", "a document from an Elasticsearch exporter with mapping: ecs", $"none: the event reaches {reached}"));
    }

    /// <summary>The attributes as one JSON object, so a nested map is found by dotted path like a flat key.</summary>
    private static JsonElement Attributes(EventEnvelope envelope)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer)) EnvelopeJson.WriteMap(writer, envelope.Attributes);
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static string Yes(bool value) => value ? "true" : "false";

    private static string Show(string? text) => text is null ? "(none)" : JsonFields.Quoted(text);

    private static string List(List<string> items) => $"[{string.Join(", ", items)}]";
}
