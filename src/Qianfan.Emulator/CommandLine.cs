using System.Globalization;

namespace Qianfan.Emulator;

/// <summary>Turns the command line into <see cref="EmulatorOptions"/>. Accepts "--name value" and "--name=value".</summary>
public static class CommandLine
{
    public const string Usage = """
        Qianfan emulator: a local stand-in for the Qianfan console batch-inference API (bce-auth-v1 signed).

        Usage: dotnet Qianfan.Emulator.dll [options]

        Options:
          --port N               port on 127.0.0.1; 0 (default) picks a free port
          --access-key AK        access key ID clients must sign with (default: emulator-ak)
          --secret-key-file PATH the secret key clients must sign with, read from PATH (one trailing
                                 newline dropped); or set QIANFAN_EMULATOR_SECRET_KEY
                                 (default: the emulator's development key)
          --secret-key SK        the same on the command line, where every local user sees it (ps)
          --security-token-file PATH  require STS-style requests: header x-bce-security-token with the
                                 token in PATH, signed; or set QIANFAN_EMULATOR_SECURITY_TOKEN
          --security-token T     the same on the command line, where every local user sees it (ps)
          --tasks N              seed N Running tasks infer-000001 .. infer-N (six digits), named
                                 nightly-eval-N, product-summaries-N, adhoc-test-N in turn, created a minute apart
          --task-file PATH       seed the ids in PATH (one a line) as Running tasks
          --latency-ms N         delay every API request by N ms (default 0)
          --fail-rate R          fraction of API requests answered 500 InternalError (default 0)
          --throttle-rate R      fraction answered 429 RequestLimitExceeded with Retry-After (default 0)
          --reset-rate R         fraction whose connection is dropped without an answer; half of
                                 those are carried out first (default 0)
          --retry-after-sec N    Retry-After value on 429 answers (default 1)
          --seed S               seed for the fault pattern, so it repeats (default: random)
          --clock-offset-sec N   shift the emulator's clock by N seconds to play clock skew (default 0)
          --max-skew-sec N       largest accepted distance between signature time and clock (default 300)
          --qps N                per-account limit: N requests a second (token bucket of N); over it,
                                 429 RequestLimitExceeded with Retry-After (default: no limit)
          --rpm N                per-account limit: N requests a minute (token bucket of N)
          --ratelimit-headers    send X-Ratelimit-Limit-Requests / -Remaining-Requests (the --rpm limit)
          --throttle-status N    HTTP status of answers over --qps/--rpm (default 429); any other status
                                 carries Qianfan's throttling codes in the body (18 for qps, 336501 for rpm)
          --black-hole           accept API connections and never answer
          --stop-delay-ms N      an accepted stop leaves the task Running for N ms (Describe says Running,
                                 Delete answers InvalidTaskStatus), as an asynchronous stop does (default 0)
          -h, --help             show this help

        An option wins over its environment variable. The secret key and token are fixed at start:
        /_emulator/config neither shows nor changes them.

        The first line on stdout is "Qianfan emulator listening on http://127.0.0.1:PORT".
        The server runs until Ctrl+C, SIGTERM or POST /_emulator/shutdown.

        Routes:
          POST /v2/batchinference?Action=...   the signed API: StopBatchInferenceTask, DeleteBatchInferenceTask,
                                               DescribeBatchInferenceTask(s), CreateBatchInferenceTask,
                                               DescribeBatchInferenceModel
          GET  /_emulator/stats                request counters; POST /_emulator/reset-stats zeroes them
          GET|POST /_emulator/config           read or change settings live (JSON object), not the secrets
          GET|POST /_emulator/tasks            read the task table or add tasks {"tasks":[{"taskId","runStatus",
                                               "name","createTime"}..],"replace":bool}
          POST /_emulator/shutdown             stop the server
        """;

    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    /// <param name="environment">Reads environment variables (the process's by default).</param>
    public static EmulatorOptions? Parse(IReadOnlyList<string> args, Func<string, string?>? environment = null)
    {
        var options = new EmulatorOptions();
        var given = new HashSet<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "--help" or "-?" or "/?") return null;
            if (!arg.StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{arg}'");
            if (Flags.Contains(arg[2..].ToLowerInvariant()))
            {
                // A switch: present means on.
                Apply(options, arg[2..].ToLowerInvariant(), "true");
                continue;
            }

            string name;
            string value;
            var equals = arg.IndexOf('=');
            if (equals > 0)
            {
                name = arg[2..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg[2..];
                if (i + 1 >= args.Count) throw new ArgumentException($"--{name} needs a value");
                value = args[++i];
            }
            given.Add(name.ToLowerInvariant());
            Apply(options, name.ToLowerInvariant(), value);
        }
        SecretSources.Complete(options, given, environment ?? Environment.GetEnvironmentVariable);
        return options;
    }

    private static void Apply(EmulatorOptions options, string name, string value)
    {
        switch (name)
        {
            case "port": options.Port = Int(name, value); break;
            case "access-key": options.AccessKey = value; break;
            case "secret-key": options.SecretKey = value; break;
            case "security-token": options.SecurityToken = value; break;
            case "secret-key-file": options.SecretKey = SecretSources.ReadFile(name, value); break;
            case "security-token-file": options.SecurityToken = SecretSources.ReadFile(name, value); break;
            case "tasks": options.Tasks = Int(name, value); break;
            case "task-file": options.TaskFile = value; break;
            case "latency-ms": options.LatencyMs = Int(name, value); break;
            case "fail-rate": options.FailRate = Rate(name, value); break;
            case "throttle-rate": options.ThrottleRate = Rate(name, value); break;
            case "reset-rate": options.ResetRate = Rate(name, value); break;
            case "retry-after-sec": options.RetryAfterSec = Int(name, value); break;
            case "seed": options.Seed = Int(name, value); break;
            case "clock-offset-sec": options.ClockOffsetSec = Int(name, value); break;
            case "max-skew-sec": options.MaxSkewSec = Int(name, value); break;
            case "qps": options.Qps = Number(name, value); break;
            case "rpm": options.Rpm = Number(name, value); break;
            case "throttle-status": options.ThrottleStatus = Int(name, value); break;
            case "ratelimit-headers": options.RateLimitHeaders = Switch(name, value); break;
            case "black-hole": options.BlackHole = Switch(name, value); break;
            case "stop-delay-ms": options.StopDelayMs = Int(name, value); break;
            default: throw new ArgumentException($"unknown option --{name}");
        }
    }

    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "ratelimit-headers", "black-hole" };

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"--{name} must be a number of at least 0, not '{value}'");

    private static bool Switch(string name, string value) =>
        bool.TryParse(value, out var on) ? on : throw new ArgumentException($"--{name} takes no value, or =true / =false, not '{value}'");

    private static int Int(string name, string value) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"--{name} must be an integer, not '{value}'");

    private static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1
            ? r
            : throw new ArgumentException($"--{name} must be a number between 0 and 1, not '{value}'");
}
