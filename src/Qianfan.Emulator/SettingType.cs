using System.Globalization;
using System.Text.Json;

namespace Qianfan.Emulator;

/// <summary>
/// How one kind of setting value is read from the command line and from the admin route's JSON,
/// written back as JSON, and shown in text. Error messages quote numbers back, never secrets.
/// </summary>
public sealed class SettingType<T>
{
    /// <summary>Parses the command-line text; the first argument is the option as typed (--name), for the message.</summary>
    public required Func<string, string, T> FromText { get; init; }

    /// <summary>Reads the JSON value; the second argument is the setting's JSON name, for the message.</summary>
    public required Func<JsonElement, string, T> FromJson { get; init; }

    public required Action<Utf8JsonWriter, string, T> ToJson { get; init; }

    public required Func<T, string> Show { get; init; }
}

/// <summary>The kinds of value the emulator's settings take.</summary>
public static class SettingTypes
{
    /// <summary>A whole number (an int), such as a port or a number of milliseconds.</summary>
    public static readonly SettingType<int> WholeNumber = new()
    {
        FromText = ParseInteger,
        FromJson = ReadInteger,
        ToJson = (w, name, value) => w.WriteNumber(name, value),
        Show = value => value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>An integer that may be absent (null in JSON), such as the seed.</summary>
    public static readonly SettingType<int?> OptionalWholeNumber = new()
    {
        FromText = (option, text) => ParseInteger(option, text),
        FromJson = (value, name) => value.ValueKind == JsonValueKind.Null ? null : ReadInteger(value, name),
        ToJson = (w, name, value) =>
        {
            if (value.HasValue) w.WriteNumber(name, value.Value);
            else w.WriteNull(name);
        },
        Show = value => value?.ToString(CultureInfo.InvariantCulture) ?? "random",
    };

    /// <summary>A fraction between 0 and 1 on the command line; any number in JSON, checked by <see cref="EmulatorSettings"/>.</summary>
    public static readonly SettingType<double> Fraction = new()
    {
        FromText = (option, text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1
                ? r
                : throw new ArgumentException($"{option} must be a number between 0 and 1, not '{text}'"),
        FromJson = ReadNumber,
        ToJson = (w, name, value) => w.WriteNumber(name, value),
        Show = ShowNumber,
    };

    /// <summary>A number of at least 0 on the command line (a rate limit, 0 for none); any number in JSON, checked by <see cref="EmulatorSettings"/>.</summary>
    public static readonly SettingType<double> Limit = new()
    {
        FromText = (option, text) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
                ? n
                : throw new ArgumentException($"{option} must be a number of at least 0, not '{text}'"),
        FromJson = ReadNumber,
        ToJson = (w, name, value) => w.WriteNumber(name, value),
        Show = ShowNumber,
    };

    /// <summary>On or off: on the command line present means on, or =true / =false.</summary>
    public static readonly SettingType<bool> Switch = new()
    {
        FromText = (option, text) =>
            bool.TryParse(text, out var on) ? on : throw new ArgumentException($"{option} takes no value, or =true / =false, not '{text}'"),
        FromJson = (value, name) =>
            value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new ArgumentException($"{name} must be true or false"),
        ToJson = (w, name, value) => w.WriteBoolean(name, value),
        Show = value => value ? "True" : "False",
    };

    public static readonly SettingType<string> Text = new()
    {
        FromText = (_, text) => text,
        FromJson = (value, name) => value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ArgumentException($"{name} must be a string"),
        ToJson = (w, name, value) => w.WriteString(name, value),
        Show = value => value,
    };

    private static int ParseInteger(string option, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{option} must be an integer, not '{text}'");

    private static int ReadInteger(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw new ArgumentException($"{name} must be an integer");

    private static double ReadNumber(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new ArgumentException($"{name} must be a number");

    private static string ShowNumber(double value) => value.ToString(CultureInfo.InvariantCulture);
}
