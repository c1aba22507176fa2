namespace Qianfan.Emulator;

/// <summary>
/// How to start an emulator. The same settings back the command line and in-process hosting,
/// so a test can reproduce exactly what a script does.
/// </summary>
public sealed class EmulatorOptions
{
    /// <summary>Well-known development credentials, used when none are given (like Azurite's account key).</summary>
    public const string DefaultAccessKey = "emulator-ak";
    public const string DefaultSecretKey = "emulator-sk";

    /// <summary>TCP port on 127.0.0.1; 0 picks any free port.</summary>
    public int Port { get; set; }

    /// <summary>Number of Running tasks to seed, infer-000001, infer-000002, ... (names and creation times: TaskSeeder).</summary>
    public int Tasks { get; set; }

    /// <summary>A file with one task id a line, seeded as Running tasks.</summary>
    public string? TaskFile { get; set; }

    /// <summary>More task ids to seed as Running, for in-process callers.</summary>
    public IList<string> TaskIds { get; } = new List<string>();

    /// <summary>
    /// The settings the emulator starts with, which hold the defaults; the command line changes them
    /// through <see cref="EmulatorSettingTable"/>, and the properties below are shortcuts for in-process callers.
    /// </summary>
    public EmulatorSettings Live { get; set; } = new() { AccessKey = DefaultAccessKey, SecretKey = DefaultSecretKey };

    public string AccessKey { get => Live.AccessKey; set => Live = Live with { AccessKey = value }; }
    public string SecretKey { get => Live.SecretKey; set => Live = Live with { SecretKey = value }; }

    /// <summary>When set, every API request must send and sign this value as x-bce-security-token (STS credentials).</summary>
    public string? SecurityToken { get => Live.SecurityToken; set => Live = Live with { SecurityToken = value }; }

    public int LatencyMs { get => Live.LatencyMs; set => Live = Live with { LatencyMs = value }; }
    public double FailRate { get => Live.FailRate; set => Live = Live with { FailRate = value }; }
    public double ThrottleRate { get => Live.ThrottleRate; set => Live = Live with { ThrottleRate = value }; }
    public double ResetRate { get => Live.ResetRate; set => Live = Live with { ResetRate = value }; }
    public int RetryAfterSec { get => Live.RetryAfterSec; set => Live = Live with { RetryAfterSec = value }; }

    /// <summary>Seed for the fault pattern; null draws a random seed.</summary>
    public int? Seed { get => Live.Seed; set => Live = Live with { Seed = value }; }

    /// <summary>Added to the real UTC clock, to play a service whose clock is skewed from the client's.</summary>
    public int ClockOffsetSec { get => Live.ClockOffsetSec; set => Live = Live with { ClockOffsetSec = value }; }

    public int MaxSkewSec { get => Live.MaxSkewSec; set => Live = Live with { MaxSkewSec = value }; }
    public double Qps { get => Live.Qps; set => Live = Live with { Qps = value }; }
    public double QpsBucket { get => Live.QpsBucket; set => Live = Live with { QpsBucket = value }; }
    public bool QpsWindow { get => Live.QpsWindow; set => Live = Live with { QpsWindow = value }; }
    public double Rpm { get => Live.Rpm; set => Live = Live with { Rpm = value }; }
    public bool RateLimitHeaders { get => Live.RateLimitHeaders; set => Live = Live with { RateLimitHeaders = value }; }
    public int ThrottleStatus { get => Live.ThrottleStatus; set => Live = Live with { ThrottleStatus = value }; }
    public bool BlackHole { get => Live.BlackHole; set => Live = Live with { BlackHole = value }; }
    public int StopDelayMs { get => Live.StopDelayMs; set => Live = Live with { StopDelayMs = value }; }
    public string Paging { get => Live.Paging; set => Live = Live with { Paging = value }; }
    public string ThrottleShape { get => Live.ThrottleShape; set => Live = Live with { ThrottleShape = value }; }

    /// <summary>Console mode only: let Ctrl+C / SIGTERM stop the server and send warnings to stderr.</summary>
    public bool ConsoleMode { get; set; }

    public void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException("port must be between 0 and 65535");
        if (Tasks < 0) throw new ArgumentException("tasks must not be negative");
        if (TaskFile != null && !File.Exists(TaskFile)) throw new ArgumentException("task file not found: " + TaskFile);
        Settings().Validate();
    }

    /// <summary>The settings to start with; an empty token means none.</summary>
    public EmulatorSettings Settings() => Live with { SecurityToken = string.IsNullOrEmpty(Live.SecurityToken) ? null : Live.SecurityToken };
}
