using Gateway.Exporters.Chat;
using Gateway.Exporters.Chat.Volume;
using Gateway.Testing;

namespace Gateway.Tests.Chat;

public sealed class VolumeControllerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] DefaultGroupBy = ["service", "name", "error.name"];

    [Fact]
    public void AnEventWhosePostWasUndoneIsPostedWhenItComesBackNotFolded()
    {
        var volume = new VolumeController(DefaultGroupBy, TimeSpan.FromMinutes(5), ratePerMinute: 1);
        var envelope = Some.Envelope(error: Some.Error());

        var first = volume.Admit(envelope, Start);
        volume.Cancel(first);

        Assert.Equal(VolumeDecision.Post, first.Decision);
        Assert.Equal(VolumeDecision.Post, volume.Admit(envelope, Start.AddSeconds(1)).Decision);
        Assert.Equal(VolumeDecision.Folded, volume.Admit(envelope, Start.AddSeconds(2)).Decision);
    }

    [Fact]
    public void TheRateLimitSlidesSoNoMinuteEverHoldsMoreThanTheLimit()
    {
        var volume = new VolumeController(DefaultGroupBy, TimeSpan.Zero, ratePerMinute: 2);

        Assert.Equal(VolumeDecision.Post, volume.Admit(Some.Envelope(name: "a"), Start).Decision);
        Assert.Equal(VolumeDecision.Post, volume.Admit(Some.Envelope(name: "b"), Start.AddSeconds(59)).Decision);
        Assert.Equal(VolumeDecision.HeldBack, volume.Admit(Some.Envelope(name: "c"), Start.AddSeconds(59.9)).Decision);
        Assert.Equal(VolumeDecision.Post, volume.Admit(Some.Envelope(name: "d"), Start.AddSeconds(60)).Decision);
        Assert.Equal(VolumeDecision.HeldBack, volume.Admit(Some.Envelope(name: "e"), Start.AddSeconds(118)).Decision);
    }

    [Fact]
    public void AStormOfUniqueEventsIsCountedInFullWhileOnlyTheFirstThousandGroupsAreKept()
    {
        var volume = new VolumeController(DefaultGroupBy, TimeSpan.Zero, ratePerMinute: 1);
        volume.Admit(Some.Envelope(name: "first"), Start);
        for (var i = 0; i < 1500; i++) volume.Admit(Some.Envelope(name: $"unique.{i}"), Start);
        for (var i = 0; i < 3; i++) volume.Admit(Some.Envelope(name: "unique.7"), Start);

        var due = new List<ChatNotice>();
        volume.TakeDue(Start.AddMinutes(1), everything: false, due);

        var summary = Assert.Single(due);
        Assert.Equal(NoticeKind.HeldBackSummary, summary.Kind);
        Assert.Equal(1503, summary.Count);
        Assert.Equal(VolumeController.MaxHeldBackGroups, summary.HeldBack.Count);
        Assert.Equal("unique.7", summary.HeldBack[0].Example.Name);
        Assert.Equal(4, summary.HeldBack[0].Count);
        Assert.Equal(0, volume.Pending);
    }
}
