namespace Gateway.Otlp.Mapping;

/// <summary>The record attributes the envelope lifts into its own fields (see docs/receiver.md for the table).</summary>
internal enum RecognizedKey
{
    EventName,
    EventTitle,
    EventValue,
    SessionId,
    ContextId,
    ContextStart,
    ActorType,
    ActorId,
    UserId,
    EnduserId,
    ScopeType,
    ScopeId,
    TenantId,
    OrganizationId,
    ExceptionType,
    ErrorType,
    ExceptionMessage,
    ExceptionCode,
    ErrorCode,
    ExceptionStacktrace,
    CodeNamespace,
    CodeFilePath,
    CodeFilepath,
    CodeLineNumber,
    CodeLineno,
    CodeFunctionName,
    CodeFunction,

    // What a gateway's otlp exporter carries for the next gateway (see ForwardedKeys); taken only when well-formed.
    RecordUid,
    ForwardedTruncated,
    ForwardedSampleRate,
    ForwardedRedactionCount,
    ForwardedRedactionKeys,
    Count,
}
