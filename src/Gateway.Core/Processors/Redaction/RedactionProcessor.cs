using Gateway.Envelope;

namespace Gateway.Processors.Redaction;

/// <summary>Redacts every envelope of a batch in place before any exporter sees it.</summary>
public sealed class RedactionProcessor : IEventProcessor
{
    private readonly string _name;
    private readonly RedactionRules _rules;
    private readonly EnvelopeRedactor _redactor;

    public RedactionProcessor(string name, RedactionRules rules)
    {
        _name = name;
        _rules = rules;
        _redactor = new EnvelopeRedactor(rules);
    }

    public void Process(List<EventEnvelope> envelopes)
    {
        if (envelopes.Count == 0) return;
        var pass = new RedactionPass(_rules.Detectors.Length);
        long redacted = 0;
        foreach (var envelope in envelopes)
        {
            if (_redactor.Redact(envelope, pass)) redacted++;
        }

        RedactionCounters.Record(_name, pass, _rules.Detectors, redacted);
    }
}
