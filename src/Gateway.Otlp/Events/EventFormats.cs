namespace Gateway.Otlp.Events;

/// <summary>The names of the event shapes as <c>?format=</c> takes them and the metrics label them.</summary>
public static class EventFormats
{
    public const int Count = 5;

    public const string Expected = "igniter, flux, operational, tracardi or dash0";

    public static string Name(EventFormat format) => format switch
    {
        EventFormat.Igniter => "igniter",
        EventFormat.Flux => "flux",
        EventFormat.Operational => "operational",
        EventFormat.Dash0 => "dash0",
        _ => "tracardi",
    };

    /// <summary>Case-insensitive, so <c>?format=Flux</c> works as well.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out EventFormat format)
    {
        for (var f = 0; f < Count; f++)
        {
            if (text.Equals(Name((EventFormat)f), StringComparison.OrdinalIgnoreCase))
            {
                format = (EventFormat)f;
                return true;
            }
        }

        format = EventFormat.Igniter;
        return false;
    }
}
