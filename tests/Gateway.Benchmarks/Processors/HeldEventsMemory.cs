using System.Globalization;
using Gateway.Benchmarks.Load;
using Gateway.Configuration;
using Gateway.Envelope;
using Gateway.Otlp.Mapping;
using Gateway.Processors.Sampling;
using Google.Protobuf;

namespace Gateway.Benchmarks.Processors;

/// <summary>
/// <c>dotnet run -c Release --project tests/Gateway.Benchmarks -- held [requests]</c>: the memory one event held by
/// <c>keep_session_on_error</c> retains, with the shipped limits. The load harness's records (1,000 sessions, 100 a
/// request, errors left out so nothing is released) are mapped from protobuf bytes as the receiver maps them, then
/// handed to a sampler that keeps (all but) nothing; the managed heap after a full collection, before and after,
/// divided by the events held. Deterministic, unlike RSS: it counts exactly what the hold keeps reachable.
/// </summary>
public static class HeldEventsMemory
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var requests = args.Length == 0 ? 1_000 : int.Parse(args[0], CultureInfo.InvariantCulture);
        var bodies = new byte[requests][];
        for (var i = 0; i < requests; i++) bodies[i] = new LoadRecordFactory(batchSize: 100, seed: i).Next().ToByteArray();

        var mapper = new EnvelopeMapper(new EnvelopeOptions(), TimeProvider.System);
        var batch = new List<EventEnvelope>(200);
        var sampling = new SamplingOptions
        {
            Rates = new LevelRates { Debug = 0.000001, Info = 0.000001, Warn = 0.000001 },
            KeepSessionOnError = new KeepSessionOnErrorOptions { Window = TimeSpan.FromHours(1) },
        };

        // A first pass warms up the mapper's key cache and the code, so the measured pass counts held events only.
        Hold(new SamplingProcessor("sampling/warmup", sampling, TimeProvider.System), mapper, bodies, batch);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var processor = new SamplingProcessor("sampling/held", sampling, TimeProvider.System);
        var (mapped, encodedBytes) = Hold(processor, mapper, bodies, batch);
        batch.Clear();
        var after = GC.GetTotalMemory(forceFullCollection: true);

        var held = processor.HeldEvents;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"requests {requests}, envelopes offered {mapped}, held {held}, retained {(after - before) / 1048576.0:F1} MiB, {(after - before) / (double)held:F0} bytes per held event (codec form of one: {encodedBytes / (double)mapped:F0} bytes)")).ConfigureAwait(false);
        GC.KeepAlive(processor);
        return 0;
    }

    private static (int Mapped, long EncodedBytes) Hold(SamplingProcessor processor, EnvelopeMapper mapper, byte[][] bodies, List<EventEnvelope> batch)
    {
        var mapped = 0;
        long encodedBytes = 0;
        var scratch = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var body in bodies)
        {
            batch.Clear();
            mapper.Map(body, batch);
            batch.RemoveAll(static e => e.Level >= EventLevel.Error);
            foreach (var envelope in batch)
            {
                scratch.ResetWrittenCount();
                EnvelopeBinaryCodec.Write(scratch, envelope);
                encodedBytes += scratch.WrittenCount;
            }

            mapped += batch.Count;
            processor.Process(batch);
        }

        return (mapped, encodedBytes);
    }
}
