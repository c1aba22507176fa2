using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Qianfan.Emulator.Stats;
using Qianfan.Emulator.Tasks;

namespace Qianfan.Emulator.Http;

/// <summary>
/// Unsigned control routes under /_emulator/ for tests and scripts: counters, live settings, the
/// task table and shutdown. They are reachable on loopback only, like the rest of the emulator.
/// </summary>
internal static class AdminEndpoints
{
    public const string Prefix = "/_emulator";

    public static void Map(IEndpointRouteBuilder routes, EmulatorState state, IHostApplicationLifetime lifetime)
    {
        MapRoute(routes, "/stats", ("GET", ctx => WriteStats(ctx, state.Stats.Snapshot())));
        MapRoute(routes, "/reset-stats", ("POST", ctx =>
        {
            state.Stats.Reset();
            return WriteStats(ctx, state.Stats.Snapshot());
        }));
        MapRoute(routes, "/config",
            ("GET", ctx => WriteConfig(ctx, state.Settings)),
            ("POST", ctx => ChangeConfigAsync(ctx, state)));
        MapRoute(routes, "/tasks",
            ("GET", ctx => WriteTaskTable(ctx, state.Tasks)),
            ("POST", ctx => PutTasksAsync(ctx, state)));
        MapRoute(routes, "/shutdown", ("POST", ctx =>
        {
            // Stop after the answer has gone out, so the caller sees it.
            ctx.Response.OnCompleted(() =>
            {
                lifetime.StopApplication();
                return Task.CompletedTask;
            });
            return ApiResponses.WriteJsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("stopping", true);
                w.WriteEndObject();
            });
        }));
    }

    /// <summary>One path, several methods; any other method gets a JSON 405 rather than the framework's empty one.</summary>
    private static void MapRoute(IEndpointRouteBuilder routes, string path, params (string Method, RequestDelegate Handler)[] handlers)
    {
        routes.Map(Prefix + path, context =>
        {
            foreach (var (method, handler) in handlers)
            {
                if (string.Equals(context.Request.Method, method, StringComparison.OrdinalIgnoreCase)) return handler(context);
            }
            var allowed = string.Join(", ", handlers.Select(h => h.Method));
            context.Response.Headers.Allow = allowed;
            return ApiResponses.WriteErrorAsync(context, 405, ErrorCodes.MethodNotAllowed, $"{Prefix}{path} accepts {allowed} only");
        });
    }

    private static Task WriteStats(HttpContext context, StatsSnapshot stats) =>
        ApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", stats.Total);
            w.WriteStartObject("byAction");
            foreach (var pair in stats.ByAction) w.WriteNumber(pair.Key, pair.Value);
            w.WriteEndObject();
            w.WriteStartObject("byId");
            foreach (var task in stats.ById)
            {
                w.WriteStartObject(task.Key);
                foreach (var pair in task.Value) w.WriteNumber(pair.Key, pair.Value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteStartObject("faults");
            w.WriteNumber("fail", stats.Fail);
            w.WriteNumber("throttle", stats.Throttle);
            w.WriteNumber("rateLimited", stats.RateLimited);
            w.WriteNumber("reset", stats.Reset);
            w.WriteEndObject();
            w.WriteNumber("authFailures", stats.AuthFailures);
            w.WriteNumber("maxConcurrent", stats.MaxConcurrent);
            w.WriteEndObject();
        });

    /// <summary>The settings without the secret key or the token: only whether a token is set.</summary>
    private static Task WriteConfig(HttpContext context, EmulatorSettings s) =>
        ApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("latencyMs", s.LatencyMs);
            w.WriteNumber("failRate", s.FailRate);
            w.WriteNumber("throttleRate", s.ThrottleRate);
            w.WriteNumber("resetRate", s.ResetRate);
            w.WriteNumber("retryAfterSec", s.RetryAfterSec);
            if (s.Seed.HasValue) w.WriteNumber("seed", s.Seed.Value);
            else w.WriteNull("seed");
            w.WriteNumber("clockOffsetSec", s.ClockOffsetSec);
            w.WriteNumber("maxSkewSec", s.MaxSkewSec);
            w.WriteNumber("qps", s.Qps);
            w.WriteNumber("rpm", s.Rpm);
            w.WriteBoolean("rateLimitHeaders", s.RateLimitHeaders);
            w.WriteNumber("throttleStatus", s.ThrottleStatus);
            w.WriteBoolean("blackHole", s.BlackHole);
            w.WriteNumber("stopDelayMs", s.StopDelayMs);
            w.WriteString("accessKey", s.AccessKey);
            w.WriteBoolean("securityTokenSet", s.SecurityToken != null);
            w.WriteEndObject();
        });

    private static async Task ChangeConfigAsync(HttpContext context, EmulatorState state)
    {
        using var body = await ReadObjectAsync(context);
        if (body == null) return;
        var root = body.RootElement;
        if (SecretNamed(root) is { } secret)
        {
            var (option, variable) = secret.Equals("secretKey", StringComparison.OrdinalIgnoreCase)
                ? ("--secret-key-file", SecretSources.SecretKeyVariable)
                : ("--security-token-file", SecretSources.SecurityTokenVariable);
            await ApiResponses.WriteErrorAsync(context, 403, ErrorCodes.AccessDenied,
                $"{secret} cannot be changed through the unsigned admin route, which any local process can call; nothing was changed. " +
                $"To use another value, restart the emulator with {option} PATH or {variable}.");
            return;
        }
        try
        {
            var updated = state.Configure(current =>
            {
                var next = current;
                foreach (var property in root.EnumerateObject())
                {
                    var v = property.Value;
                    next = property.Name switch
                    {
                        "latencyMs" => next with { LatencyMs = Int(v, property.Name) },
                        "failRate" => next with { FailRate = Rate(v, property.Name) },
                        "throttleRate" => next with { ThrottleRate = Rate(v, property.Name) },
                        "resetRate" => next with { ResetRate = Rate(v, property.Name) },
                        "retryAfterSec" => next with { RetryAfterSec = Int(v, property.Name) },
                        "seed" => next with { Seed = v.ValueKind == JsonValueKind.Null ? null : Int(v, property.Name) },
                        "clockOffsetSec" => next with { ClockOffsetSec = Int(v, property.Name) },
                        "maxSkewSec" => next with { MaxSkewSec = Int(v, property.Name) },
                        "qps" => next with { Qps = Rate(v, property.Name) },
                        "rpm" => next with { Rpm = Rate(v, property.Name) },
                        "rateLimitHeaders" => next with { RateLimitHeaders = Bool(v, property.Name) },
                        "throttleStatus" => next with { ThrottleStatus = Int(v, property.Name) },
                        "blackHole" => next with { BlackHole = Bool(v, property.Name) },
                        "stopDelayMs" => next with { StopDelayMs = Int(v, property.Name) },
                        "accessKey" => next with { AccessKey = Text(v, property.Name) },
                        _ => throw new ArgumentException($"unknown setting '{property.Name}'"),
                    };
                }
                return next;
            }, reseed: root.TryGetProperty("seed", out _));
            await WriteConfig(context, updated);
        }
        catch (ArgumentException e)
        {
            await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InvalidParameter, e.Message);
        }
    }

    /// <summary>The first setting in the body that is a secret, whatever its case; null when there is none.</summary>
    private static string? SecretNamed(JsonElement settings) =>
        settings.EnumerateObject().Select(p => p.Name)
            .FirstOrDefault(n => n.Equals("secretKey", StringComparison.OrdinalIgnoreCase) || n.Equals("securityToken", StringComparison.OrdinalIgnoreCase));

    private static async Task PutTasksAsync(HttpContext context, EmulatorState state)
    {
        using var body = await ReadObjectAsync(context);
        if (body == null) return;
        var root = body.RootElement;
        var now = state.Now();
        var tasks = new List<TaskRecord>();
        var replace = root.TryGetProperty("replace", out var replaceValue) && replaceValue.ValueKind == JsonValueKind.True;
        if (root.TryGetProperty("tasks", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InvalidParameter, "tasks must be an array");
                return;
            }
            foreach (var item in list.EnumerateArray())
            {
                var taskId = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("taskId", out var id) &&
                             id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (string.IsNullOrWhiteSpace(taskId))
                {
                    await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InvalidParameter, "every task needs a taskId string");
                    return;
                }
                var statusText = item.TryGetProperty("runStatus", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : RunStatus.Running;
                var status = RunStatus.Normalize(statusText);
                if (status == null)
                {
                    await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InvalidParameter,
                        $"runStatus '{statusText}' of task {taskId} is not one of {string.Join(", ", RunStatus.All)}");
                    return;
                }
                var name = item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                DateTimeOffset? createTime = null;
                if (item.TryGetProperty("createTime", out var c) && c.ValueKind != JsonValueKind.Null)
                {
                    if (c.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(c.GetString(), CultureInfo.InvariantCulture,
                            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                    {
                        await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InvalidParameter,
                            $"createTime of task {taskId} must be an ISO 8601 time such as 2025-03-01T08:00:00Z");
                        return;
                    }
                    createTime = parsed;
                }
                tasks.Add(TaskRecord.Seeded(taskId.Trim(), status, now, name, createTime));
            }
        }
        state.Tasks.Put(tasks, replace);
        await ApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("added", tasks.Count);
            w.WriteNumber("count", state.Tasks.Count);
            w.WriteEndObject();
        });
    }

    private static Task WriteTaskTable(HttpContext context, TaskStore store)
    {
        var tasks = store.Snapshot();
        return ApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            foreach (var task in tasks) w.WriteString(task.TaskId, task.RunStatus);
            w.WriteEndObject();
        });
    }

    /// <summary>The body as a JSON object; otherwise answers 400 InappropriateJSON itself and returns null.</summary>
    private static async Task<JsonDocument?> ReadObjectAsync(HttpContext context)
    {
        JsonDocument? document = null;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
        }
        if (document is { RootElement.ValueKind: JsonValueKind.Object }) return document;
        document?.Dispose();
        await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InappropriateJson, "the request body must be a JSON object");
        return null;
    }

    private static int Int(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw new ArgumentException($"{name} must be an integer");

    private static double Rate(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw new ArgumentException($"{name} must be a number");

    private static bool Bool(JsonElement value, string name) =>
        value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : throw new ArgumentException($"{name} must be true or false");

    private static string Text(JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new ArgumentException($"{name} must be a string");
}
