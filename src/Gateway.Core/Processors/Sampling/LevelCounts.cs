using System.Runtime.CompilerServices;
using Gateway.Envelope;

namespace Gateway.Processors.Sampling;

/// <summary>One counter per <see cref="EventLevel"/> (indexed by its value), inline so a batch's tally lives on the stack.</summary>
[InlineArray(6)]
public struct LevelCounts
{
    private long _element0;

    public void Add(EventLevel level) => this[(int)level]++;
}
