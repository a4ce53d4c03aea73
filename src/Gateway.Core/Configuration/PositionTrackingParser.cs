using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gateway.Configuration;

/// <summary>
/// YamlDotNet's parser and scanner give up on some broken files with an exception that names no position (an
/// <see cref="InvalidOperationException"/> or <see cref="ArgumentException"/>); this remembers where the last event
/// and the scanner stood, so the error can still point at a line.
/// </summary>
internal sealed class PositionTrackingParser : IParser
{
    private readonly Scanner _scanner;
    private readonly Parser _parser;

    public PositionTrackingParser(string yaml)
    {
        _scanner = new Scanner(new StringReader(yaml));
        _parser = new Parser(_scanner);
    }

    public ParsingEvent? Current => _parser.Current;

    /// <summary>
    /// Where the failure is: the event the loader could not place when there is one (e.g. a value without a key),
    /// else where the scanner stopped reading.
    /// </summary>
    public Mark FailedAt(Exception exception) =>
        exception is ArgumentException && _parser.Current is { } current ? current.Start : _scanner.CurrentPosition;

    public bool MoveNext() => _parser.MoveNext();
}
