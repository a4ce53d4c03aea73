using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Gateway.Otlp.Proto.Collector.Logs.V1;

namespace Gateway.Benchmarks.Load;

/// <summary>One connection's worth of load: sends batches on a fixed schedule (or flat out) over gRPC or HTTP/protobuf.</summary>
public sealed class LoadSender : IDisposable
{
    private readonly LoadRecordFactory _records;
    private readonly GrpcChannel? _channel;
    private readonly LogsService.LogsServiceClient? _grpc;
    private readonly HttpClient? _http;
    private readonly Uri _httpUri;

    public LoadSender(LoadOptions options, Uri grpcEndpoint, Uri httpLogsEndpoint, int seed)
    {
        _records = new LoadRecordFactory(options.Batch, seed);
        _httpUri = httpLogsEndpoint;
        if (options.Protocol == "grpc")
        {
            _channel = GrpcChannel.ForAddress(grpcEndpoint);
            _grpc = new LogsService.LogsServiceClient(_channel);
        }
        else
        {
            _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        }
    }

    private long _sentRecords;
    private long _refusedRecords;
    private long _failedRequests;

    public long SentRecords => Interlocked.Read(ref _sentRecords);

    public long RefusedRecords => Interlocked.Read(ref _refusedRecords);

    public long FailedRequests => Interlocked.Read(ref _failedRequests);

    public async Task RunAsync(double batchesPerSecond, CancellationToken stop)
    {
        var start = DateTime.UtcNow;
        long sent = 0;
        while (!stop.IsCancellationRequested)
        {
            if (batchesPerSecond > 0)
            {
                var due = start + TimeSpan.FromSeconds(sent / batchesPerSecond);
                var wait = due - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    try { await Task.Delay(wait, stop).ConfigureAwait(false); }
                    catch (OperationCanceledException) { return; }
                }
            }

            await SendOneAsync(stop).ConfigureAwait(false);
            sent++;
        }
    }

    private async Task SendOneAsync(CancellationToken stop)
    {
        var request = _records.Next();
        try
        {
            if (_grpc is not null)
            {
                await _grpc.ExportAsync(request, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            else
            {
                using var content = new ByteArrayContent(request.ToByteArray());
                content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                using var response = await _http!.PostAsync(_httpUri, content, CancellationToken.None).ConfigureAwait(false);
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Add(ref _refusedRecords, _records.BatchSize);
                    return;
                }

                response.EnsureSuccessStatusCode();
            }

            Interlocked.Add(ref _sentRecords, _records.BatchSize);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.ResourceExhausted or StatusCode.Unavailable)
        {
            Interlocked.Add(ref _refusedRecords, _records.BatchSize);
        }
        catch (Exception e) when (e is RpcException or HttpRequestException)
        {
            Interlocked.Increment(ref _failedRequests);
            if (stop.IsCancellationRequested) return;
        }
    }

    public void Dispose()
    {
        _channel?.Dispose();
        _http?.Dispose();
    }
}
