using Gateway.Configuration;
using YamlDotNet.RepresentationModel;

namespace Gateway.Tests.Configuration;

/// <summary>How a reload tells an unchanged exporter block: layout and quoting do not count, values do.</summary>
public sealed class YamlNodeTextTests
{
    private static string TextOf(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlNodeText.Of(stream.Documents[0].RootNode);
    }

    [Fact]
    public void FlowAndBlockStyleOfTheSameValuesAreEqual() =>
        Assert.Equal(TextOf("batch: { max_wait: 0s, max_size: 10 }"), TextOf("# a comment\nbatch:\n  max_wait: \"0s\"\n  max_size: 10\n"));

    [Fact]
    public void AChangedValueOrKeyOrderDiffers()
    {
        Assert.NotEqual(TextOf("batch: { max_size: 10 }"), TextOf("batch: { max_size: 11 }"));
        Assert.NotEqual(TextOf("endpoints: [a, b]"), TextOf("endpoints: [b, a]"));
    }
}
