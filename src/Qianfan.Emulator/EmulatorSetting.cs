using System.Text.Json;

namespace Qianfan.Emulator;

/// <summary>
/// One row of <see cref="EmulatorSettingTable"/>: a setting's command-line option, its name on
/// /_emulator/config, its help, its default, and how to parse, change, write and show it.
/// </summary>
public sealed class EmulatorSetting
{
    /// <summary>The command-line option without its dashes, e.g. "latency-ms" (matched in any case).</summary>
    public required string Flag { get; init; }

    /// <summary>What the usage shows for the value ("N", "R", "PATH"); null for a switch, which needs none.</summary>
    public string? Argument { get; init; }

    public bool IsSwitch => Argument == null;

    public required string Help { get; init; }

    /// <summary>The only values a setting of named choices takes (checked with the other settings); null for any.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>The default as the usage shows it; null shows none.</summary>
    public string? Default { get; init; }

    /// <summary>
    /// The name on /_emulator/config; null for what is fixed at start and not a setting of a running
    /// emulator (port, seeded tasks, the secret files).
    /// </summary>
    public string? JsonName { get; init; }

    /// <summary>A secret: the admin route refuses to change it and never shows it; nor does any ToString.</summary>
    public bool IsSecret { get; init; }

    /// <summary>A secret's environment variable, read when the command line gives neither the option nor its -file form.</summary>
    public string? EnvironmentVariable { get; init; }

    /// <summary>Applies the command-line text to the options; throws ArgumentException for a bad value.</summary>
    public required Action<EmulatorOptions, string> Parse { get; init; }

    /// <summary>The settings with this one changed to a JSON value; null when the admin route cannot change it.</summary>
    public Func<EmulatorSettings, JsonElement, EmulatorSettings>? Change { get; init; }

    /// <summary>Writes what /_emulator/config shows of it; null when it shows nothing.</summary>
    public Action<Utf8JsonWriter, EmulatorSettings>? Write { get; init; }

    /// <summary>What the settings' ToString shows of it; null when nothing.</summary>
    public Func<EmulatorSettings, string>? Show { get; init; }

    /// <summary>The name ToString shows, "LatencyMs" for "latencyMs".</summary>
    public string DisplayName => JsonName == null ? Flag : char.ToUpperInvariant(JsonName[0]) + JsonName[1..];

    /// <summary>"--flag ARG", as the usage shows it.</summary>
    public string Syntax => "--" + Flag + (IsSwitch ? "" : " " + Argument);
}
