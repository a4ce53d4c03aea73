using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Processors.Sampling;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gateway.Host.RouteTests;

/// <summary>
/// Runs route tests against one loaded configuration: each test gets fresh processors (sampling holds sessions), its
/// events are mapped as the receiver maps them and go through processors and routes in order, then every
/// expectation is compared.
/// </summary>
internal sealed class RouteTestRunner
{
    private readonly GatewayConfig _config;
    private readonly ComponentCatalog _catalog;
    private readonly TestEvents _events;
    private readonly Dictionary<SamplingOptions, long> _configuredSeeds;

    public RouteTestRunner(GatewayConfig config, ComponentCatalog catalog)
    {
        _config = config;
        _catalog = catalog;
        _events = new TestEvents(new EnvelopeMapper(config.Envelope, TimeProvider.System));
        _configuredSeeds = config.Processors.Values.OfType<SamplingOptions>().ToDictionary<SamplingOptions, SamplingOptions, long>(o => o, o => o.Seed, ReferenceEqualityComparer.Instance);
    }

    /// <summary>Reads and checks a tests file; throws <see cref="ConfigException"/> with every mistake and its line.</summary>
    public static RouteTestsFile Load(string path)
    {
        if (!File.Exists(path)) throw new ConfigException([new ConfigError(path, 0, 0, $"file not found (working directory {Directory.GetCurrentDirectory()}); give the tests file, e.g. gateway test --config gateway.yaml tests.yaml")]);
        var errors = new ConfigErrors(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlException e)
        {
            errors.Add(e.Start, $"not valid YAML: {e.InnerException?.Message ?? e.Message}");
            errors.ThrowIfAny();
        }

        var root = stream.Documents.Count == 1 ? stream.Documents[0].RootNode : null;
        if (root is not YamlMappingNode)
        {
            errors.Add(root, "a tests file is a block of keys: config: (optional), env: (optional), seed: (optional) and tests: [...]");
            errors.ThrowIfAny();
        }

        // The file's own values are taken literally: ${env:...} belongs to the configuration under test.
        var tests = new YamlBinder(errors, _ => null).Bind<RouteTestsFile>(root, "tests file");
        errors.ThrowIfAny();
        return tests;
    }

    public RouteTestResult Run(RouteTestCase test, long? fileSeed)
    {
        var seed = test.Seed ?? fileSeed;
        foreach (var (options, configured) in _configuredSeeds) options.Seed = seed ?? configured;
        var pipeline = new RoutePipeline(_config, _catalog, seed);
        var journeys = new Dictionary<EventEnvelope, EventJourney>(ReferenceEqualityComparer.Instance);
        var ordered = new List<EventJourney>();
        for (var i = 0; i < test.Events.Count; i++)
        {
            var input = test.Events[i];
            List<EventEnvelope> request;
            try
            {
                request = _events.Map(input);
            }
            catch (RouteTestException e)
            {
                return new RouteTestResult(test, ordered, [], $"events[{i}] (line {input.Line}): {e.Message}");
            }

            EventExpectation[] expectations = [.. new[] { test.Expect, input.Expect }.OfType<EventExpectation>()];
            foreach (var envelope in request)
            {
                var journey = new EventJourney(ordered.Count + 1, envelope, EnvelopeJson.ToJson(envelope), expectations, input.Line);
                journeys[envelope] = journey;
                ordered.Add(journey);
            }

            pipeline.Run(request, journeys);
        }

        var failures = new List<(EventJourney, List<Mismatch>)>();
        foreach (var journey in ordered)
        {
            var mismatches = ExpectationCheck.Check(journey);
            if (mismatches.Count > 0) failures.Add((journey, mismatches));
        }

        return new RouteTestResult(test, ordered, failures, null);
    }

    /// <summary>The journey of one event given on the command line, with no expectations.</summary>
    public List<EventJourney> Journey(string eventJson)
    {
        foreach (var (options, configured) in _configuredSeeds) options.Seed = configured;
        var pipeline = new RoutePipeline(_config, _catalog, null);
        var request = _events.MapCommandLine(eventJson);
        var journeys = new Dictionary<EventEnvelope, EventJourney>(ReferenceEqualityComparer.Instance);
        var ordered = new List<EventJourney>();
        foreach (var envelope in request)
        {
            var journey = new EventJourney(ordered.Count + 1, envelope, EnvelopeJson.ToJson(envelope), [], 0);
            journeys[envelope] = journey;
            ordered.Add(journey);
        }

        pipeline.Run(request, journeys);
        return ordered;
    }
}
