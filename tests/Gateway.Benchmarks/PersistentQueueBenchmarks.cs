using System.Buffers;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Gateway.Envelope;
using Gateway.Queues.Persistent;
using Gateway.Testing;

namespace Gateway.Benchmarks;

/// <summary>
/// Records through the persistent queue (append, read, acknowledge) per fsync policy, against a plain in-memory
/// channel. One operation moves 8 requests of 100 envelope records (~330 bytes each: Some.Envelope()): sent one after another
/// (<see cref="ConcurrentRequests"/> = 1) or all at once (8), which is when group commit shares an fsync between them.
/// Results are per record.
/// </summary>
[MemoryDiagnoser]
public class PersistentQueueBenchmarks
{
    private const int Requests = 8;
    private const int RecordsPerRequest = 100;
    private const int RecordsPerOperation = Requests * RecordsPerRequest;

    private readonly ReadOnlyMemory<byte>[][] _requests = new ReadOnlyMemory<byte>[Requests][];
    private readonly Task<AppendOutcome>[] _appends = new Task<AppendOutcome>[Requests];
    private readonly LogPosition[] _positions = new LogPosition[RecordsPerOperation];
    private string _root = "";
    private DurableLog _log = null!;
    private Channel<ReadOnlyMemory<byte>> _channel = null!;

    [Params(FsyncPolicy.Always, FsyncPolicy.Interval, FsyncPolicy.Never)]
    public FsyncPolicy Fsync { get; set; }

    [Params(1, 8)]
    public int ConcurrentRequests { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var encoded = new ArrayBufferWriter<byte>();
        for (var r = 0; r < Requests; r++)
        {
            _requests[r] = new ReadOnlyMemory<byte>[RecordsPerRequest];
            for (var i = 0; i < RecordsPerRequest; i++)
            {
                encoded.ResetWrittenCount();
                EnvelopeBinaryCodec.Write(encoded, Some.Envelope());
                _requests[r][i] = encoded.WrittenSpan.ToArray();
            }
        }

        Console.WriteLine($"// record size: {_requests[0][0].Length} bytes");
        _root = Directory.CreateTempSubdirectory("gateway-bench-queue-").FullName;
        _log = DurableLog.Open(new DurableLogOptions { Directory = _root, Name = "bench", Fsync = Fsync, FsyncInterval = TimeSpan.FromSeconds(1) });
        _channel = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(RecordsPerOperation * 2) { SingleReader = true });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = RecordsPerOperation)]
    public async Task PersistentQueue()
    {
        for (var r = 0; r < Requests; r += ConcurrentRequests)
        {
            for (var c = 0; c < ConcurrentRequests; c++) _appends[r + c] = _log.AppendAsync(_requests[r + c]);
            for (var c = 0; c < ConcurrentRequests; c++)
            {
                if (await _appends[r + c] != AppendOutcome.Appended) throw new InvalidOperationException("queue full during the benchmark");
            }
        }

        for (var i = 0; i < RecordsPerOperation; i++)
        {
            if (!_log.TryRead(out var record)) throw new InvalidOperationException("an appended record was not readable");
            _positions[i] = record.Position;
        }

        _log.Acknowledge(_positions);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerOperation)]
    public async Task InMemoryChannel()
    {
        for (var r = 0; r < Requests; r++)
        {
            foreach (var record in _requests[r]) await _channel.Writer.WriteAsync(record);
        }

        for (var i = 0; i < RecordsPerOperation; i++)
        {
            if (!_channel.Reader.TryRead(out _)) throw new InvalidOperationException("a written record was not readable");
        }
    }
}
