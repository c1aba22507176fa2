using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Qianfan.Emulator.Actions;
using Qianfan.Emulator.Auth;
using Qianfan.Emulator.Faults;

namespace Qianfan.Emulator.Http;

/// <summary>
/// POST /v2/batchinference?Action=...: authenticate, wait the configured latency, count, maybe
/// inject a fault, then run the action. Faults come after authentication, as at a real gateway
/// that has already accepted the caller.
/// </summary>
internal sealed class ApiEndpoint
{
    private readonly EmulatorState _state;
    private readonly BatchInferenceActions _actions;

    public ApiEndpoint(EmulatorState state)
    {
        _state = state;
        _actions = new BatchInferenceActions(state);
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await ApiResponses.WriteErrorAsync(context, 405, ErrorCodes.MethodNotAllowed, $"{Protocol.Route.BatchInference} accepts POST only");
            return;
        }

        var stats = _state.Stats;
        stats.EnterRequest();
        try
        {
            var settings = _state.Settings;
            if (settings.BlackHole)
            {
                // Accept the connection, then never answer: the client's own time limit must end the wait.
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return;
            }
            var authError = SignatureVerifier.Verify(context.Request, settings, settings.Now());
            if (authError != null)
            {
                stats.RecordAuthFailure();
                await ApiResponses.WriteAsync(context, authError);
                return;
            }

            // Limits are applied at the gateway, before the work and its latency, as real gateways do.
            if (await ThrottledByLimitAsync(context, settings)) return;

            if (settings.LatencyMs > 0)
            {
                // Task.Delay holds no thread while waiting, so high latency still allows high concurrency.
                await Task.Delay(settings.LatencyMs, context.RequestAborted);
            }

            using var body = await ReadJsonAsync(context);
            var action = context.Request.Query[Protocol.Route.ActionParameter].ToString();
            JsonElement? root = body?.RootElement;
            stats.RecordAccepted(action, BodyReader.PeekTaskId(root));

            var fault = _state.Faults.Next(settings);
            stats.RecordFault(fault);
            switch (fault)
            {
                case FaultKind.Fail:
                    await ApiResponses.WriteErrorAsync(context, 500, ErrorCodes.InternalError, "internal error injected by the emulator");
                    return;
                case FaultKind.Throttle:
                    await ApiResponses.WriteAsync(context, Throttled(settings, 429, RateLimitVerdict.OverQps));
                    return;
                case FaultKind.Reset:
                    context.Abort();
                    return;
                case FaultKind.ApplyThenReset:
                    _actions.Run(action, root);
                    context.Abort();
                    return;
            }

            var outcome = _actions.Run(action, root);
            stats.RecordAnswer(action, BodyReader.PeekTaskId(root), outcome.Code);
            await ApiResponses.WriteAsync(context, outcome);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away while we waited; there is nobody to answer.
        }
        finally
        {
            stats.ExitRequest();
        }
    }

    private async Task<bool> ThrottledByLimitAsync(HttpContext context, EmulatorSettings settings)
    {
        if (settings.Qps <= 0 && settings.Rpm <= 0) return false;
        var verdict = _state.RateLimits.TryTake(settings, out var remaining);
        if (settings.RateLimitHeaders && settings.Rpm > 0)
        {
            context.Response.Headers[Protocol.Headers.RateLimitLimitRequests] = settings.Rpm.ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers[Protocol.Headers.RateLimitRemainingRequests] = (remaining ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (verdict == RateLimitVerdict.Allowed) return false;
        _state.Stats.RecordRateLimited();
        await ApiResponses.WriteAsync(context, Throttled(settings, settings.ThrottleStatus, verdict));
        return true;
    }

    /// <summary>
    /// A throttled answer: a gateway's 429 RequestLimitExceeded, or Qianfan's own codes (18 over a per-second
    /// limit, 336501 over a per-minute one) under any other status or in the older APIs' body shape.
    /// </summary>
    private static ApiOutcome Throttled(EmulatorSettings settings, int status, RateLimitVerdict verdict)
    {
        var retryAfter = settings.RetryAfterSec.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shape = settings.ThrottleShape;
        var (code, message) = status == 429 && shape == AnswerShapes.Errors.Console
            ? (ErrorCodes.RequestLimitExceeded, "request rate limit exceeded; retry after " + retryAfter + " s")
            : verdict == RateLimitVerdict.OverRpm
                ? (ErrorCodes.RpmLimitReached, "Rate limit reached for RPM")
                : (ErrorCodes.OpenApiQpsLimit, "Open api qps request limit reached");
        return ApiOutcome.Error(status, code, message, new Dictionary<string, string> { [Protocol.Headers.RetryAfter] = retryAfter }, shape);
    }

    /// <summary>The parsed body, or null when it is empty or not JSON (the action runner turns that into InappropriateJSON).</summary>
    private static async Task<JsonDocument?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
