using System.Text.Json;
using Qianfan.Emulator.Http;

namespace Qianfan.Emulator.Actions;

/// <summary>
/// Typed access to the fields of a request body. A field of the wrong type is the caller's
/// mistake and becomes InvalidParameter naming the field, rather than being silently ignored.
/// </summary>
internal sealed class BodyReader
{
    private readonly JsonElement _body;

    public BodyReader(JsonElement body) => _body = body;

    /// <summary>Thrown to abandon a handler with a 400 InvalidParameter.</summary>
    public sealed class InvalidParameterException(string message) : Exception(message);

    public bool Has(string name) => _body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public string? OptionalString(string name)
    {
        if (!_body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String) throw new InvalidParameterException($"{name} must be a string");
        return value.GetString();
    }

    public string RequiredString(string name)
    {
        var value = OptionalString(name);
        if (string.IsNullOrWhiteSpace(value)) throw new InvalidParameterException($"{name} is required");
        return value;
    }

    public int? OptionalInt(string name)
    {
        if (!_body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number))
            throw new InvalidParameterException($"{name} must be an integer");
        return number;
    }

    public bool? OptionalBool(string name)
    {
        if (!_body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidParameterException($"{name} must be true or false"),
        };
    }

    public IReadOnlyList<string>? OptionalStringArray(string name)
    {
        if (!_body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Array) throw new InvalidParameterException($"{name} must be an array of strings");
        var items = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw new InvalidParameterException($"{name} must be an array of strings");
            items.Add(item.GetString()!);
        }
        return items;
    }

    /// <summary>The raw JSON of an object field, or null when absent.</summary>
    public string? OptionalObjectJson(string name)
    {
        if (!_body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Object) throw new InvalidParameterException($"{name} must be a JSON object");
        return value.GetRawText();
    }

    /// <summary>The taskId field as the stats see it: a string if there is one, else null. Never throws.</summary>
    public static string? PeekTaskId(JsonElement? body) =>
        body is { ValueKind: JsonValueKind.Object } element &&
        element.TryGetProperty("taskId", out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static ApiOutcome Invalid(string message) => ApiOutcome.Error(400, ErrorCodes.InvalidParameter, message);
}
