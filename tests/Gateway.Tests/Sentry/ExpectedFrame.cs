namespace Gateway.Tests.Sentry;

internal sealed record ExpectedFrame(string? Function, string? Module, string? FileName, string? AbsolutePath, int? Line, int? Column, bool InApp);
