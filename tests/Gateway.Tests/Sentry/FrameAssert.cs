using Gateway.Exporters.Sentry.StackTraces;
using Sentry;

namespace Gateway.Tests.Sentry;

/// <summary>Compares frames field by field, so a failure names the frame and the field that differ.</summary>
internal static class FrameAssert
{
    public static void Equal(IReadOnlyList<ExpectedFrame> expected, IReadOnlyList<SentryStackFrame> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var (want, got) = (expected[i], actual[i]);
            Assert.True(want.Function == got.Function, $"frame {i}: function {got.Function} != {want.Function}");
            Assert.True(want.Module == got.Module, $"frame {i}: module {got.Module} != {want.Module}");
            Assert.True(want.FileName == got.FileName, $"frame {i}: filename {got.FileName} != {want.FileName}");
            Assert.True(want.AbsolutePath == got.AbsolutePath, $"frame {i}: abs_path {got.AbsolutePath} != {want.AbsolutePath}");
            Assert.True(want.Line == got.LineNumber, $"frame {i}: lineno {got.LineNumber} != {want.Line}");
            Assert.True(want.Column == got.ColumnNumber, $"frame {i}: colno {got.ColumnNumber} != {want.Column}");
            Assert.True(want.InApp == got.InApp, $"frame {i} ({got.Function}): in_app {got.InApp} != {want.InApp}");
        }
    }

    public static IReadOnlyList<ParsedException> Parse(IStackTraceParser parser, string stack, params string[] inAppInclude)
    {
        Assert.True(parser.TryParse(stack, out var chain), "the parser recognised no frame");
        var rules = new InAppRules(inAppInclude);
        foreach (var exception in chain) rules.Apply(exception.Frames, parser.Platform);
        return chain;
    }
}
