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

    public string AccessKey { get; set; } = DefaultAccessKey;
    public string SecretKey { get; set; } = DefaultSecretKey;

    /// <summary>When set, every API request must send and sign this value as x-bce-security-token (STS credentials).</summary>
    public string? SecurityToken { get; set; }

    /// <summary>Number of Running tasks to seed, infer-000001, infer-000002, ... (names and creation times: TaskSeeder).</summary>
    public int Tasks { get; set; }

    /// <summary>A file with one task id a line, seeded as Running tasks.</summary>
    public string? TaskFile { get; set; }

    /// <summary>More task ids to seed as Running, for in-process callers.</summary>
    public IList<string> TaskIds { get; } = new List<string>();

    public int LatencyMs { get; set; }
    public double FailRate { get; set; }
    public double ThrottleRate { get; set; }
    public double ResetRate { get; set; }
    public int RetryAfterSec { get; set; } = 1;

    /// <summary>Seed for the fault pattern; null draws a random seed.</summary>
    public int? Seed { get; set; }

    /// <summary>Added to the real UTC clock, to play a service whose clock is skewed from the client's.</summary>
    public int ClockOffsetSec { get; set; }

    public int MaxSkewSec { get; set; } = 300;

    public double Qps { get; set; }
    public double Rpm { get; set; }
    public bool RateLimitHeaders { get; set; }
    public int ThrottleStatus { get; set; } = 429;
    public bool BlackHole { get; set; }
    public int StopDelayMs { get; set; }

    /// <summary>Console mode only: let Ctrl+C / SIGTERM stop the server and send warnings to stderr.</summary>
    internal bool ConsoleMode { get; set; }

    internal void Validate()
    {
        if (Port is < 0 or > 65535) throw new ArgumentException("port must be between 0 and 65535");
        if (Tasks < 0) throw new ArgumentException("tasks must not be negative");
        if (TaskFile != null && !File.Exists(TaskFile)) throw new ArgumentException("task file not found: " + TaskFile);
        Settings().Validate();
    }

    public EmulatorSettings Settings() => new()
    {
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SecurityToken = string.IsNullOrEmpty(SecurityToken) ? null : SecurityToken,
        LatencyMs = LatencyMs,
        FailRate = FailRate,
        ThrottleRate = ThrottleRate,
        ResetRate = ResetRate,
        RetryAfterSec = RetryAfterSec,
        Seed = Seed,
        ClockOffsetSec = ClockOffsetSec,
        MaxSkewSec = MaxSkewSec,
        Qps = Qps,
        Rpm = Rpm,
        RateLimitHeaders = RateLimitHeaders,
        ThrottleStatus = ThrottleStatus,
        BlackHole = BlackHole,
        StopDelayMs = StopDelayMs,
    };
}
