namespace Qianfan.Emulator;

/// <summary>
/// The settings that can change while the emulator runs. Immutable: a change swaps the whole
/// record, so each request sees one consistent set of keys and knobs.
/// </summary>
public sealed record EmulatorSettings
{
    public required string AccessKey { get; init; }
    public required string SecretKey { get; init; }
    public string? SecurityToken { get; init; }
    public int LatencyMs { get; init; }
    public double FailRate { get; init; }
    public double ThrottleRate { get; init; }
    public double ResetRate { get; init; }
    public int RetryAfterSec { get; init; } = 1;
    public int? Seed { get; init; }
    public int ClockOffsetSec { get; init; }
    public int MaxSkewSec { get; init; } = 300;

    /// <summary>Requests allowed per second (token bucket); 0 for no limit.</summary>
    public double Qps { get; init; }

    /// <summary>Tokens the per-second bucket holds (its burst); 0 for a second's worth, <see cref="Qps"/>.</summary>
    public double QpsBucket { get; init; }

    /// <summary>Count <see cref="Qps"/> in fixed one-second windows instead of a token bucket.</summary>
    public bool QpsWindow { get; init; }

    /// <summary>Requests allowed per minute (token bucket); 0 for no limit.</summary>
    public double Rpm { get; init; }

    /// <summary>Send X-Ratelimit-Limit-Requests / X-Ratelimit-Remaining-Requests (per minute) on every API answer.</summary>
    public bool RateLimitHeaders { get; init; }

    /// <summary>HTTP status of answers over --qps/--rpm; other than 429 they carry Qianfan's throttling codes (18, 336501) in the body.</summary>
    public int ThrottleStatus { get; init; } = 429;

    /// <summary>Accept API connections and never answer.</summary>
    public bool BlackHole { get; init; }

    /// <summary>How the task list pages: one of <see cref="Http.AnswerShapes.Paging"/>.</summary>
    public string Paging { get; init; } = Http.AnswerShapes.Paging.Vendor;

    /// <summary>The body of throttled answers: one of <see cref="Http.AnswerShapes.Errors"/>.</summary>
    public string ThrottleShape { get; init; } = Http.AnswerShapes.Errors.Console;

    /// <summary>An accepted stop leaves the task Running this long (Delete refuses it meanwhile), as an asynchronous stop does.</summary>
    public int StopDelayMs { get; init; }

    /// <summary>The emulator's own clock: real UTC shifted by ClockOffsetSec.</summary>
    public DateTimeOffset Now() => DateTimeOffset.UtcNow.AddSeconds(ClockOffsetSec);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(AccessKey)) throw new ArgumentException("access key must not be empty");
        if (string.IsNullOrEmpty(SecretKey)) throw new ArgumentException("secret key must not be empty");
        if (LatencyMs < 0) throw new ArgumentException("latencyMs must not be negative");
        if (StopDelayMs < 0) throw new ArgumentException("stopDelayMs must not be negative");
        CheckRate(FailRate, "failRate");
        CheckRate(ThrottleRate, "throttleRate");
        CheckRate(ResetRate, "resetRate");
        if (FailRate + ThrottleRate + ResetRate > 1.0 + 1e-9)
            throw new ArgumentException("failRate + throttleRate + resetRate must not exceed 1");
        if (RetryAfterSec < 0) throw new ArgumentException("retryAfterSec must not be negative");
        if (MaxSkewSec < 0) throw new ArgumentException("maxSkewSec must not be negative");
        if (double.IsNaN(Qps) || Qps < 0) throw new ArgumentException("qps must not be negative");
        if (double.IsNaN(QpsBucket) || QpsBucket < 0) throw new ArgumentException("qpsBucket must not be negative");
        if (double.IsNaN(Rpm) || Rpm < 0) throw new ArgumentException("rpm must not be negative");
        if (ThrottleStatus is < 200 or > 599) throw new ArgumentException("throttleStatus must be an HTTP status (200-599)");
        CheckChoice(Paging, Http.AnswerShapes.Paging.All, "paging");
        CheckChoice(ThrottleShape, Http.AnswerShapes.Errors.All, "throttleShape");
    }

    private static void CheckChoice(string value, IReadOnlyList<string> choices, string name)
    {
        if (!choices.Contains(value, StringComparer.Ordinal)) throw new ArgumentException($"{name} must be one of {string.Join(", ", choices)}");
    }

    private static void CheckRate(double rate, string name)
    {
        if (double.IsNaN(rate) || rate < 0 || rate > 1) throw new ArgumentException(name + " must be between 0 and 1");
    }

    // The generated record ToString would print the secret key and token; the table's rows show the
    // knobs and only whether a token is set.
    public override string ToString() =>
        "EmulatorSettings { " +
        string.Join(", ", EmulatorSettingTable.All.Where(s => s.Show != null).Select(s => s.DisplayName + " = " + s.Show!(this))) +
        " }";
}
