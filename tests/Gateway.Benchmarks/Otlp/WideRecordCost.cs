using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Json;
using Gateway.Otlp.Mapping;
using Gateway.Otlp.Proto.Collector.Logs.V1;
using Gateway.Otlp.Proto.Common.V1;
using Gateway.Otlp.Proto.Logs.V1;
using Google.Protobuf;
using KeyValue = Gateway.Otlp.Proto.Common.V1.KeyValue;

namespace Gateway.Benchmarks.Otlp;

/// <summary>
/// <c>dotnet run -c Release --project tests/Gateway.Benchmarks -- wide [40000 100000 ...]</c>: the CPU seconds one
/// record with that many attributes (nearly all past <c>envelope.max_attributes</c>) costs the receiver, protobuf
/// bytes and OTLP/JSON to envelope, the fastest of three runs. What a hostile or buggy sender costs: dropping the
/// attributes must stay linear in their number (it was quadratic: 100,000 attributes took 11-21 s). Process CPU
/// time rather than BenchmarkDotNet's wall time, because the figure must hold on a machine shared with other work.
/// </summary>
public static class WideRecordCost
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var sizes = args.Length == 0 ? [40_000, 100_000] : Array.ConvertAll(args, a => int.Parse(a, CultureInfo.InvariantCulture));
        var mapper = new EnvelopeMapper(new EnvelopeOptions(), TimeProvider.System);
        var envelopes = new List<EventEnvelope>(1);
        await output.WriteLineAsync("attributes  path      cpu s (fastest of 3)  wall s  truncated entries").ConfigureAwait(false);
        foreach (var size in sizes)
        {
            var (protobuf, json) = Request(size);
            foreach (var (path, map) in new (string, Action)[]
            {
                ("protobuf", () => mapper.Map(protobuf, envelopes)),
                ("json", () =>
                {
                    var parsed = OtlpJsonReader.Parse(json);
                    mapper.Map(parsed.Request, envelopes, parsed.Faults);
                }),
            })
            {
                var (cpu, wall) = (double.MaxValue, double.MaxValue);
                for (var run = 0; run < 3; run++)
                {
                    envelopes.Clear();
                    GC.Collect();
                    var process = Process.GetCurrentProcess();
                    var cpuStart = process.TotalProcessorTime;
                    var started = Stopwatch.GetTimestamp();
                    map();
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    process.Refresh();
                    cpu = Math.Min(cpu, (process.TotalProcessorTime - cpuStart).TotalSeconds);
                    wall = Math.Min(wall, elapsed);
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{size,10}  {path,-8}  {cpu,20:F3}  {wall,6:F3}  {envelopes[0].Truncated?.Length ?? 0}")).ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static (byte[] Protobuf, byte[] Json) Request(int attributes)
    {
        var record = new LogRecord { TimeUnixNano = 1_795_000_000_000_000_000ul, Body = new AnyValue { StringValue = "wide" } };
        for (var i = 0; i < attributes; i++) record.Attributes.Add(new KeyValue { Key = "attribute." + i, Value = new AnyValue { StringValue = "value " + i } });
        var request = new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { new ScopeLogs { LogRecords = { record } } } } } };
        return (request.ToByteArray(), Encoding.UTF8.GetBytes(JsonFormatter.Default.Format(request)));
    }
}
