using System.Text;

namespace Gateway.Processors.Redaction;

/// <summary>
/// Runs the value detectors over one string. Only the matches are replaced; a string with no match comes back as the
/// same instance, having cost the pre-checks and nothing else.
/// </summary>
public sealed class TextRedactor(ValueDetector[] detectors, RedactionHasher? hasher)
{
    [ThreadStatic]
    private static StringBuilder? t_builder;

    private readonly int _minLength = detectors.Length == 0 ? int.MaxValue : detectors.Min(static d => d.MinLength);

    public bool IsEmpty => detectors.Length == 0;

    /// <summary>The text with every match replaced; <paramref name="drop"/> when a match's action is to remove the whole value.</summary>
    public string Redact(string text, RedactionPass pass, out bool drop)
    {
        drop = false;
        if (text.Length < _minLength) return text;
        var current = text;
        for (var index = 0; index < detectors.Length; index++)
        {
            var detector = detectors[index];
            if (current.Length < detector.MinLength || !detector.MightMatch(current)) continue;
            StringBuilder? builder = null;
            var copied = 0;
            foreach (var match in detector.Regex.EnumerateMatches(current))
            {
                var found = current.AsSpan(match.Index, match.Length);
                if (found.IsEmpty || !detector.Accept(found)) continue;
                pass.HitDetector(index);
                if (detector.Action == RedactionAction.Drop)
                {
                    drop = true;
                    return text;
                }

                builder ??= RentBuilder(current.Length);
                builder.Append(current, copied, match.Index - copied);
                builder.Append(detector.Action == RedactionAction.Hash ? hasher!.Token(found) : detector.MaskText);
                copied = match.Index + match.Length;
            }

            if (builder is null) continue;
            builder.Append(current, copied, current.Length - copied);
            current = builder.ToString();
        }

        return current;
    }

    private static StringBuilder RentBuilder(int capacity)
    {
        var builder = t_builder ??= new StringBuilder(256);
        builder.Clear();
        builder.EnsureCapacity(capacity);
        return builder;
    }
}
