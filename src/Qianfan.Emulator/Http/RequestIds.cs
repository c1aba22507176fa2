using Microsoft.AspNetCore.Http;

namespace Qianfan.Emulator.Http;

/// <summary>
/// Gives every response a request id (header x-bce-request-id, and "requestId" in the body) and a
/// Date header from the emulator's clock, which may be deliberately skewed: clients read Date to
/// correct their own clock, so it must come from the same clock the signature check uses.
/// </summary>
internal static class RequestIds
{
    public const string Header = Protocol.Headers.RequestId;
    private static readonly object ItemKey = new();

    public static void Assign(HttpContext context, EmulatorState state)
    {
        var id = Guid.NewGuid().ToString();
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        context.Response.Headers[Protocol.Headers.Date] = state.Now().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Get(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var id) && id is string text ? text : "";
}
