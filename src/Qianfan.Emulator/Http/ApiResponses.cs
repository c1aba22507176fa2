using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Qianfan.Emulator.Http;

/// <summary>
/// Writes the service's JSON envelopes: {"requestId","result"} on success, {"requestId","code","message"} on error,
/// or the older APIs' {"error_code","error_msg"} (a numeric code, no request id in the body) when the outcome asks for it.
/// </summary>
internal static class ApiResponses
{
    public static Task WriteAsync(HttpContext context, ApiOutcome outcome)
    {
        if (outcome.Headers != null)
        {
            foreach (var header in outcome.Headers) context.Response.Headers[header.Key] = header.Value;
        }
        var requestId = RequestIds.Get(context);
        return WriteJsonAsync(context, outcome.Status, writer =>
        {
            writer.WriteStartObject();
            if (!outcome.IsSuccess && outcome.ErrorShape == AnswerShapes.Errors.Legacy)
            {
                writer.WriteNumber("error_code", long.Parse(outcome.Code!, System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("error_msg", outcome.Message);
                writer.WriteEndObject();
                return;
            }
            writer.WriteString("requestId", requestId);
            if (outcome.IsSuccess)
            {
                writer.WritePropertyName("result");
                outcome.WriteResult!(writer);
            }
            else
            {
                writer.WriteString("code", outcome.Code);
                writer.WriteString("message", outcome.Message);
            }
            writer.WriteEndObject();
        });
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, ApiOutcome.Error(status, code, message));

    /// <summary>Serialises into a buffer first so the response carries a Content-Length rather than chunks.</summary>
    public static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }
}
