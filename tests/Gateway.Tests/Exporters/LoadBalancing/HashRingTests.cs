using Gateway.Exporters.Otlp.LoadBalancing;

namespace Gateway.Tests.Exporters.LoadBalancing;

public sealed class HashRingTests
{
    private static readonly string[] Sessions = [.. Enumerable.Range(0, 20_000).Select(i => $"sess-{i}")];
    private static readonly string[] Three = ["10.0.0.1:4317", "10.0.0.2:4317", "10.0.0.3:4317"];

    [Fact]
    public void AFourthBackendTakesAboutAQuarterOfTheSessionsAndOnlyFromTheOthers()
    {
        var before = new HashRing(Three);
        var after = new HashRing([.. Three, "10.0.0.4:4317"]);

        var moved = Sessions.Count(s => before.Backends[before.OwnerOf(s)] != after.Backends[after.OwnerOf(s)]);
        var movedElsewhere = Sessions.Count(s => before.Backends[before.OwnerOf(s)] != after.Backends[after.OwnerOf(s)] && after.Backends[after.OwnerOf(s)] != "10.0.0.4:4317");

        Assert.InRange(moved / (double)Sessions.Length, 0.20, 0.30);
        Assert.Equal(0, movedElsewhere);
    }

    [Fact]
    public void ABackendLeavingMovesOnlyItsOwnSessions()
    {
        var before = new HashRing(Three);
        var after = new HashRing([Three[0], Three[2]]);

        foreach (var session in Sessions)
        {
            var owner = before.Backends[before.OwnerOf(session)];
            if (owner != Three[1]) Assert.Equal(owner, after.Backends[after.OwnerOf(session)]);
        }
    }

    [Fact]
    public void EachBackendOwnsAboutItsShareAndEveryGatewayBuildsTheSameRing()
    {
        var ring = new HashRing(Three);
        var shares = Sessions.GroupBy(s => ring.Backends[ring.OwnerOf(s)]).ToDictionary(g => g.Key, g => g.Count() / (double)Sessions.Length);

        Assert.All(Three, b => Assert.InRange(shares[b], 0.25, 0.42));
        var again = new HashRing([.. Three]);
        Assert.All(Sessions.Take(1000), s => Assert.Equal(ring.OwnerOf(s), again.OwnerOf(s)));
    }
}
