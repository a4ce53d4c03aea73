namespace Gateway.Pipeline;

/// <summary>The outcome of a stop: whether every queue drained in time and, if not, what each exporter left.</summary>
public sealed record ShutdownReport(bool Drained, IReadOnlyList<ExporterShutdownReport> Undelivered)
{
    public int UndeliveredCount
    {
        get
        {
            var total = 0;
            foreach (var exporter in Undelivered) total += exporter.Undelivered;
            return total;
        }
    }

    /// <summary>Of <see cref="UndeliveredCount"/>, the events persistent queues keep for the next start (not lost, not dead-lettered).</summary>
    public int KeptOnDiskCount
    {
        get
        {
            var total = 0;
            foreach (var exporter in Undelivered) total += exporter.KeptOnDisk;
            return total;
        }
    }
}
