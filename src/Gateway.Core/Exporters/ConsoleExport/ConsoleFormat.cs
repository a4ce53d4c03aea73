namespace Gateway.Exporters.ConsoleExport;

public enum ConsoleFormat : byte
{
    /// <summary>One readable, coloured line per event.</summary>
    Text,

    /// <summary>One envelope JSON per line (NDJSON), for piping into jq.</summary>
    Json,
}
