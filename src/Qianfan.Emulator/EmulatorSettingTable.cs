using Qianfan.Emulator.Http;

namespace Qianfan.Emulator;

/// <summary>
/// Every setting of the emulator, one row each. The usage text, the command-line parser, the
/// admin route's reading and changing of live settings, the secrets' environment variables and
/// the settings' ToString are all derived from these rows: a new knob is a new row here (and the
/// property it sets on <see cref="EmulatorSettings"/>, where the emulator reads it).
/// </summary>
public static class EmulatorSettingTable
{
    /// <summary>The seed's name on /_emulator/config: giving it, even unchanged, restarts the fault pattern.</summary>
    public const string SeedJsonName = "seed";

    // The defaults live in EmulatorSettings and EmulatorOptions; the usage reads them from here.
    private static readonly EmulatorSettings Defaults = new EmulatorOptions().Settings();

    public static IReadOnlyList<EmulatorSetting> All { get; } = new[]
    {
        Start("port", "N", SettingTypes.WholeNumber, (o, v) => o.Port = v, "port on 127.0.0.1; 0 picks a free port", "0"),
        Live("access-key", "AK", "accessKey", SettingTypes.Text, s => s.AccessKey, (s, v) => s with { AccessKey = v },
            "access key ID clients must sign with"),
        Start("secret-key-file", "PATH", SettingTypes.Text, (o, path) => o.SecretKey = SecretSources.ReadFile("secret-key-file", path),
            $"the secret key clients must sign with, read from PATH (one trailing newline dropped); or set {SecretSources.SecretKeyVariable}",
            "the emulator's development key"),
        Secret("secret-key", "SK", "secretKey", SecretSources.SecretKeyVariable, (o, v) => o.SecretKey = v,
            "the same on the command line, where every local user sees it (ps)"),
        Start("security-token-file", "PATH", SettingTypes.Text, (o, path) => o.SecurityToken = SecretSources.ReadFile("security-token-file", path),
            $"require STS-style requests: header {Protocol.Headers.SecurityToken} with the token in PATH, signed; or set {SecretSources.SecurityTokenVariable}"),
        Secret("security-token", "T", "securityToken", SecretSources.SecurityTokenVariable, (o, v) => o.SecurityToken = v,
            "the same on the command line, where every local user sees it (ps)",
            // Whether a token is required, never the token.
            write: (w, s) => w.WriteBoolean("securityTokenSet", s.SecurityToken != null),
            show: s => s.SecurityToken == null ? "none" : "set"),
        Start("tasks", "N", SettingTypes.WholeNumber, (o, v) => o.Tasks = v,
            "seed N Running tasks infer-000001 .. infer-N (six digits), named nightly-eval-N, product-summaries-N, adhoc-test-N in turn, created a minute apart"),
        Start("task-file", "PATH", SettingTypes.Text, (o, path) => o.TaskFile = path, "seed the ids in PATH (one a line) as Running tasks"),
        Live("latency-ms", "N", "latencyMs", SettingTypes.WholeNumber, s => s.LatencyMs, (s, v) => s with { LatencyMs = v },
            "delay every API request by N ms"),
        Live("fail-rate", "R", "failRate", SettingTypes.Fraction, s => s.FailRate, (s, v) => s with { FailRate = v },
            $"fraction of API requests answered 500 {ErrorCodes.InternalError}"),
        Live("throttle-rate", "R", "throttleRate", SettingTypes.Fraction, s => s.ThrottleRate, (s, v) => s with { ThrottleRate = v },
            $"fraction answered 429 {ErrorCodes.RequestLimitExceeded} with {Protocol.Headers.RetryAfter}"),
        Live("reset-rate", "R", "resetRate", SettingTypes.Fraction, s => s.ResetRate, (s, v) => s with { ResetRate = v },
            "fraction whose connection is dropped without an answer; half of those are carried out first"),
        Live("retry-after-sec", "N", "retryAfterSec", SettingTypes.WholeNumber, s => s.RetryAfterSec, (s, v) => s with { RetryAfterSec = v },
            $"{Protocol.Headers.RetryAfter} value on 429 answers"),
        Live("seed", "S", SeedJsonName, SettingTypes.OptionalWholeNumber, s => s.Seed, (s, v) => s with { Seed = v },
            "seed for the fault pattern, so it repeats"),
        Live("clock-offset-sec", "N", "clockOffsetSec", SettingTypes.WholeNumber, s => s.ClockOffsetSec, (s, v) => s with { ClockOffsetSec = v },
            "shift the emulator's clock by N seconds to play clock skew"),
        Live("max-skew-sec", "N", "maxSkewSec", SettingTypes.WholeNumber, s => s.MaxSkewSec, (s, v) => s with { MaxSkewSec = v },
            "largest accepted distance between signature time and clock"),
        Live("qps", "N", "qps", SettingTypes.Limit, s => s.Qps, (s, v) => s with { Qps = v },
            $"per-account limit: N requests a second (token bucket of N); over it, 429 {ErrorCodes.RequestLimitExceeded} with {Protocol.Headers.RetryAfter}",
            defaultText: "no limit"),
        Live("qps-bucket", "N", "qpsBucket", SettingTypes.Limit, s => s.QpsBucket, (s, v) => s with { QpsBucket = v },
            "tokens the --qps bucket holds, its burst (at least one): 0.1 x qps plays a strict gateway that lets almost no burst through",
            defaultText: "qps, a second's worth"),
        Live("qps-window", null, "qpsWindow", SettingTypes.Switch, s => s.QpsWindow, (s, v) => s with { QpsWindow = v },
            "count --qps in fixed one-second windows instead of a token bucket"),
        Live("rpm", "N", "rpm", SettingTypes.Limit, s => s.Rpm, (s, v) => s with { Rpm = v },
            "per-account limit: N requests a minute (token bucket of N)", defaultText: "no limit"),
        Live("ratelimit-headers", null, "rateLimitHeaders", SettingTypes.Switch, s => s.RateLimitHeaders, (s, v) => s with { RateLimitHeaders = v },
            $"send {Protocol.Headers.RateLimitLimitRequests} / {Protocol.Headers.RateLimitRemainingRequests} (the --rpm limit)"),
        Live("throttle-status", "N", "throttleStatus", SettingTypes.WholeNumber, s => s.ThrottleStatus, (s, v) => s with { ThrottleStatus = v },
            "HTTP status of answers over --qps/--rpm; any status other than 429 carries Qianfan's throttling codes in the body " +
            $"({ErrorCodes.OpenApiQpsLimit} for qps, {ErrorCodes.RpmLimitReached} for rpm)"),
        Live("black-hole", null, "blackHole", SettingTypes.Switch, s => s.BlackHole, (s, v) => s with { BlackHole = v },
            "accept API connections and never answer"),
        Live("paging", "SHAPE", "paging", SettingTypes.Text, s => s.Paging, (s, v) => s with { Paging = v },
            $"how the task list pages: {AnswerShapes.Paging.Vendor} (pageInfo.marker echoes the request's, nextMarker is the next page's first task, markers inclusive) " +
            $"or {AnswerShapes.Paging.LastId} (pageInfo.marker is the page's last task, the next page starts after it)",
            choices: AnswerShapes.Paging.All),
        Live("throttle-shape", "SHAPE", "throttleShape", SettingTypes.Text, s => s.ThrottleShape, (s, v) => s with { ThrottleShape = v },
            $"body of throttled answers: {AnswerShapes.Errors.Console} ({{requestId, code, message}}) or {AnswerShapes.Errors.Legacy} " +
            $"({{error_code, error_msg}}: {ErrorCodes.OpenApiQpsLimit} or {ErrorCodes.RpmLimitReached}; with --throttle-status 200 as the vendor documents it)",
            choices: AnswerShapes.Errors.All),
        Live("stop-delay-ms", "N", "stopDelayMs", SettingTypes.WholeNumber, s => s.StopDelayMs, (s, v) => s with { StopDelayMs = v },
            $"an accepted stop leaves the task Running for N ms (Describe says Running, Delete answers {ErrorCodes.InvalidTaskStatus}), as an asynchronous stop does"),
    };

    /// <summary>The row of a command-line option given without dashes, in any case; null when there is none.</summary>
    public static EmulatorSetting? ByFlag(string flag) =>
        All.FirstOrDefault(s => string.Equals(s.Flag, flag, StringComparison.OrdinalIgnoreCase));

    /// <summary>The row the admin route changes under this JSON name (exact case); null when there is none.</summary>
    public static EmulatorSetting? ByJsonName(string name) =>
        All.FirstOrDefault(s => s.JsonName != null && string.Equals(s.JsonName, name, StringComparison.Ordinal));

    /// <summary>A setting that can change while the emulator runs, through /_emulator/config.</summary>
    private static EmulatorSetting Live<T>(string flag, string? argument, string jsonName, SettingType<T> type,
        Func<EmulatorSettings, T> get, Func<EmulatorSettings, T, EmulatorSettings> set, string help, string? defaultText = null,
        IReadOnlyList<string>? choices = null) => new()
    {
        Flag = flag,
        Argument = argument,
        JsonName = jsonName,
        Help = help,
        Choices = choices,
        // A switch is off unless given; other defaults come from the settings' own.
        Default = argument == null ? null : defaultText ?? type.Show(get(Defaults)),
        Parse = (options, text) => options.Live = set(options.Live, type.FromText("--" + flag, text)),
        Change = (settings, json) => set(settings, type.FromJson(json, jsonName)),
        Write = (writer, settings) => type.ToJson(writer, jsonName, get(settings)),
        Show = settings => type.Show(get(settings)),
    };

    /// <summary>Fixed when the emulator starts: not on /_emulator/config.</summary>
    private static EmulatorSetting Start<T>(string flag, string argument, SettingType<T> type, Action<EmulatorOptions, T> set,
        string help, string? defaultText = null) => new()
    {
        Flag = flag,
        Argument = argument,
        Help = help,
        Default = defaultText,
        Parse = (options, text) => set(options, type.FromText("--" + flag, text)),
    };

    /// <summary>A secret: fixed at start, named on /_emulator/config only to refuse it, shown nowhere (but by <paramref name="write"/> and <paramref name="show"/>, which must not show it).</summary>
    private static EmulatorSetting Secret(string flag, string argument, string jsonName, string environmentVariable,
        Action<EmulatorOptions, string> set, string help, Action<System.Text.Json.Utf8JsonWriter, EmulatorSettings>? write = null,
        Func<EmulatorSettings, string>? show = null) => new()
    {
        Flag = flag,
        Argument = argument,
        JsonName = jsonName,
        IsSecret = true,
        EnvironmentVariable = environmentVariable,
        Help = help,
        Parse = set,
        Write = write,
        Show = show,
    };
}
