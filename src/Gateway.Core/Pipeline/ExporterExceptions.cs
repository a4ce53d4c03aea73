using System.Net.Sockets;

namespace Gateway.Pipeline;

/// <summary>
/// How the shared delivery reads an exception an exporter threw instead of returning a result. An exporter reports
/// what its destination said as an <see cref="Exporters.ExportResult"/>; an exception is one of two things:
/// <list type="bullet">
/// <item>Transient: the exporter could not reach or hear its destination (a network or I/O error, a timeout). The batch
/// is retried with backoff, exactly as a Retryable result would be.</item>
/// <item>Anything else: the exporter failed on the events themselves (a writer that cannot serialise a value, a bug
/// that one input triggers). Sending the same batch again fails the same way for ever, so the batch is split until
/// the events it fails on are found; those go to the dead-letter file and the rest is delivered.</item>
/// </list>
/// A wrapper counts as transient when anything it wraps is, so doubt falls on the side of retrying.
/// </summary>
internal static class ExporterExceptions
{
    public static bool IsTransient(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case HttpRequestException or IOException or SocketException or TimeoutException or UnauthorizedAccessException:
                // The stop's own cancellation is handled before this is asked: what is left is a timeout inside the exporter.
                case OperationCanceledException:
                    return true;
                case AggregateException aggregate:
                    foreach (var inner in aggregate.InnerExceptions)
                    {
                        if (IsTransient(inner)) return true;
                    }

                    return false;
            }
        }

        return false;
    }
}
