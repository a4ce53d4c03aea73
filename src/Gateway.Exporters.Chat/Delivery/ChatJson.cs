using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Exporters.Chat.Delivery;

/// <summary>
/// Payloads are read by chat APIs, never embedded in HTML, so emoji and non-Latin text are written as UTF-8 rather than
/// \u escapes: a third of the bytes, which matters against Teams' 28 KB, and readable in docs/chat.md's examples.
/// </summary>
public static class ChatJson
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
