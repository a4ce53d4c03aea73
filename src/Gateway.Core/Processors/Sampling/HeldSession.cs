namespace Gateway.Processors.Sampling;

/// <summary>The events of one session that sampling would drop, in arrival order, each with its arrival number.</summary>
public sealed class HeldSession(string id)
{
    public string Id { get; } = id;

    public Queue<HeldEvent> Events { get; } = new();

    /// <summary>False once released, expired empty or evicted: its remaining arrival entries are stale.</summary>
    public bool Live { get; set; } = true;
}
