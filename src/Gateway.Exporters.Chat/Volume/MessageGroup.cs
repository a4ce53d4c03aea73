namespace Gateway.Exporters.Chat.Volume;

/// <summary>An open group: the event whose message opened it and what has been folded into it since.</summary>
internal sealed class MessageGroup(string key, Gateway.Envelope.EventEnvelope opener, DateTimeOffset windowEnd)
{
    public string Key { get; } = key;

    public Gateway.Envelope.EventEnvelope Opener { get; } = opener;

    public DateTimeOffset WindowEnd { get; } = windowEnd;

    public int Folded { get; private set; }

    public long FirstFoldedUnixNano { get; private set; }

    public long LastFoldedUnixNano { get; private set; }

    public void Fold(long timeUnixNano)
    {
        if (Folded == 0 || timeUnixNano < FirstFoldedUnixNano) FirstFoldedUnixNano = timeUnixNano;
        if (Folded == 0 || timeUnixNano > LastFoldedUnixNano) LastFoldedUnixNano = timeUnixNano;
        Folded++;
    }
}
