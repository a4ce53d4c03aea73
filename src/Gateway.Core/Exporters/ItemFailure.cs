namespace Gateway.Exporters;

/// <summary>One envelope of a batch that the destination did not take.</summary>
/// <param name="Index">Position in the batch that was exported.</param>
/// <param name="Retryable">True for 429/5xx-class item errors, false for errors that repeat (mapping, parse).</param>
/// <param name="ErrorType">The destination's error type, e.g. document_parsing_exception.</param>
/// <param name="Reason">The destination's explanation, for the dead-letter file and logs.</param>
/// <param name="Target">Where it was going (index, channel, project), for the dead-letter file.</param>
public readonly record struct ItemFailure(int Index, bool Retryable, string ErrorType, string Reason, string? Target = null);
