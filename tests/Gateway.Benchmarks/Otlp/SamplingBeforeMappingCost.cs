using System.Diagnostics;
using System.Globalization;

namespace Gateway.Benchmarks.Otlp;

/// <summary>
/// <c>sampling-cost [rounds]</c>: the <see cref="SamplingBeforeMappingBenchmarks"/> methods timed on this thread's
/// process CPU time rather than the wall clock, alternating round by round, so a machine shared with other work
/// still gives comparable figures. Prints the median CPU nanoseconds per record of each.
/// </summary>
public static class SamplingBeforeMappingCost
{
    private const int CallsPerRound = 400;

    public static Task<int> RunAsync(string[] args, TextWriter output)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var benchmarks = new SamplingBeforeMappingBenchmarks();
        benchmarks.Setup();
        (string Name, Func<int> Run)[] methods =
        [
            (nameof(benchmarks.MapThenSample), benchmarks.MapThenSample),
            (nameof(benchmarks.SampleBeforeMapping), benchmarks.SampleBeforeMapping),
            (nameof(benchmarks.EverySampledOutBeforeMapping), benchmarks.EverySampledOutBeforeMapping),
        ];
        foreach (var (_, run) in methods)
        {
            for (var i = 0; i < 300; i++) run();
        }

        var samples = methods.Select(_ => new List<double>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var m = 0; m < methods.Length; m++)
            {
                var before = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < CallsPerRound; i++) methods[m].Run();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
                samples[m].Add(cpu.TotalNanoseconds / (CallsPerRound * (double)SamplingBeforeMappingBenchmarks.Records));
            }
        }

        for (var m = 0; m < methods.Length; m++)
        {
            var sorted = samples[m].Order().ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{methods[m].Name,-30} {sorted[sorted.Count / 2],8:F0} ns CPU per record (median of {rounds}; min {sorted[0]:F0}, max {sorted[^1]:F0})"));
        }

        return Task.FromResult(0);
    }
}
