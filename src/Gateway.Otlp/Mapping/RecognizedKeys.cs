namespace Gateway.Otlp.Mapping;

/// <summary>Looks an attribute key up among the recognized ones with one string switch (compiled to a hash jump).</summary>
internal static class RecognizedKeys
{
    public const string ActorTagsPrefix = "actor.tags.";
    public const string ScopeTagsPrefix = "scope.tags.";
    public const string TagsPrefix = "tags.";

    public static RecognizedKey Find(string key) => key switch
    {
        "event.name" => RecognizedKey.EventName,
        "event.title" => RecognizedKey.EventTitle,
        "event.value" => RecognizedKey.EventValue,
        "session.id" => RecognizedKey.SessionId,
        "context.id" => RecognizedKey.ContextId,
        "context.start" => RecognizedKey.ContextStart,
        "actor.type" => RecognizedKey.ActorType,
        "actor.id" => RecognizedKey.ActorId,
        "user.id" => RecognizedKey.UserId,
        "enduser.id" => RecognizedKey.EnduserId,
        "scope.type" => RecognizedKey.ScopeType,
        "scope.id" => RecognizedKey.ScopeId,
        "tenant.id" => RecognizedKey.TenantId,
        "organization.id" => RecognizedKey.OrganizationId,
        "exception.type" => RecognizedKey.ExceptionType,
        "error.type" => RecognizedKey.ErrorType,
        "exception.message" => RecognizedKey.ExceptionMessage,
        "exception.code" => RecognizedKey.ExceptionCode,
        "error.code" => RecognizedKey.ErrorCode,
        "exception.stacktrace" => RecognizedKey.ExceptionStacktrace,
        "code.namespace" => RecognizedKey.CodeNamespace,
        "code.file.path" => RecognizedKey.CodeFilePath,
        "code.filepath" => RecognizedKey.CodeFilepath,
        "code.line.number" => RecognizedKey.CodeLineNumber,
        "code.lineno" => RecognizedKey.CodeLineno,
        "code.function.name" => RecognizedKey.CodeFunctionName,
        "code.function" => RecognizedKey.CodeFunction,
        ForwardedKeys.RecordUid => RecognizedKey.RecordUid,
        ForwardedKeys.Truncated => RecognizedKey.ForwardedTruncated,
        ForwardedKeys.SampleRate => RecognizedKey.ForwardedSampleRate,
        ForwardedKeys.RedactionCount => RecognizedKey.ForwardedRedactionCount,
        ForwardedKeys.RedactionKeys => RecognizedKey.ForwardedRedactionKeys,
        _ => RecognizedKey.Count,
    };
}
