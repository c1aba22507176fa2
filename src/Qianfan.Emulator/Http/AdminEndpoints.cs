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
            w.WriteStartArray("log");
            foreach (var entry in stats.Log ?? Array.Empty<RequestEvent>())
            {
                w.WriteStartObject();
                w.WriteNumber("seq", entry.Sequence);
                w.WriteString("event", entry.Event);
                w.WriteString("action", entry.Action);
                w.WriteString("taskId", entry.TaskId);
                w.WriteString("code", entry.Code);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });

    /// <summary>Every setting the table lets the admin route show: not the secret key or the token, only whether a token is set.</summary>
    private static Task WriteConfig(HttpContext context, EmulatorSettings settings) =>
        ApiResponses.WriteJsonAsync(context, 200, w =>
        {
            w.WriteStartObject();
            foreach (var setting in EmulatorSettingTable.All) setting.Write?.Invoke(w, settings);
            w.WriteEndObject();
        });

    private static async Task ChangeConfigAsync(HttpContext context, EmulatorState state)
    {
        using var body = await ReadObjectAsync(context);
        if (body == null) return;
        var root = body.RootElement;
        if (SecretNamed(root) is { } refused)
        {
            await ApiResponses.WriteErrorAsync(context, 403, ErrorCodes.AccessDenied,
                $"{refused.Name} cannot be changed through the unsigned admin route, which any local process can call; nothing was changed. " +
                $"To use another value, restart the emulator with --{refused.Secret.Flag}-file PATH or {refused.Secret.EnvironmentVariable}.");
            return;
        }
        try
        {
            var updated = state.Configure(current =>
            {
                var next = current;
                foreach (var property in root.EnumerateObject())
                {
                    var setting = EmulatorSettingTable.ByJsonName(property.Name);
                    if (setting?.Change == null) throw new ArgumentException($"unknown setting '{property.Name}'");
                    next = setting.Change(next, property.Value);
                }
                return next;
            }, reseed: root.TryGetProperty(EmulatorSettingTable.SeedJsonName, out _));
            await WriteConfig(context, updated);
        }
        catch (ArgumentException e)
        {
            await ApiResponses.WriteErrorAsync(context, 400, ErrorCodes.InvalidParameter, e.Message);
        }
    }

    /// <summary>The first setting in the body that is a secret, whatever its case, and its row; null when there is none.</summary>
    private static (string Name, EmulatorSetting Secret)? SecretNamed(JsonElement settings)
    {
        foreach (var property in settings.EnumerateObject())
        {
            var secret = EmulatorSettingTable.All.FirstOrDefault(s => s.IsSecret && string.Equals(s.JsonName, property.Name, StringComparison.OrdinalIgnoreCase));
            if (secret != null) return (property.Name, secret);
        }
        return null;
    }

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
}
