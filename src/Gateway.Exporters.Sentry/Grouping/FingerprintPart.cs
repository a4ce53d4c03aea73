namespace Gateway.Exporters.Sentry.Grouping;

/// <summary>A literal piece of a fingerprint template, or a placeholder (with the attribute key for <c>{attributes.key}</c>).</summary>
internal readonly record struct FingerprintPart(FingerprintField Field, string Text);
