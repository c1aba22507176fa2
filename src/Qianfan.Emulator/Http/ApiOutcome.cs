using System.Text.Json;

namespace Qianfan.Emulator.Http;

/// <summary>
/// What a handler decided, before anything is written. Keeping the decision apart from the
/// writing lets the fault injector apply an action and then drop the connection instead of answering.
/// </summary>
internal sealed class ApiOutcome
{
    private ApiOutcome(int status, string? code, string? message, Action<Utf8JsonWriter>? writeResult,
        IReadOnlyDictionary<string, string>? headers = null, string errorShape = AnswerShapes.Errors.Console)
    {
        Status = status;
        Code = code;
        Message = message;
        WriteResult = writeResult;
        Headers = headers;
        ErrorShape = errorShape;
    }

    public int Status { get; }
    public string? Code { get; }
    public string? Message { get; }

    /// <summary>Writes the value of "result" on success.</summary>
    public Action<Utf8JsonWriter>? WriteResult { get; }

    /// <summary>Extra response headers, such as Retry-After.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; }

    /// <summary>The body an error is written in: one of <see cref="AnswerShapes.Errors"/>.</summary>
    public string ErrorShape { get; }

    public bool IsSuccess => Code == null;

    public static ApiOutcome Success(Action<Utf8JsonWriter> writeResult) => new(200, null, null, writeResult);

    public static ApiOutcome Error(int status, string code, string message, IReadOnlyDictionary<string, string>? headers = null,
        string errorShape = AnswerShapes.Errors.Console) =>
        new(status, code, message, null, headers, errorShape);
}
