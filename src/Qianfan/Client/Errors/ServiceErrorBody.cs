using System.Globalization;
using System.Text.Json;

namespace Qianfan.Client.Errors
{
    /// <summary>
    /// The error an answer's JSON carries, in whichever of the vendor's shapes it comes, whatever the
    /// HTTP status (the platform throttles some calls under HTTP 200):
    /// <list type="bullet">
    /// <item><c>{"requestId", "code", "message"}</c>: the console API (the seeds' error section; the vendor
    /// SDK's mock server answers InappropriateJSON so). The rate-limit page also shows <c>"code"</c> as a
    /// number with <c>"msg"</c> (<c>{"code": 336501, "msg": "Rate limit reached for RPM"}</c> under HTTP 200).</item>
    /// <item><c>{"error_code", "error_msg"}</c>: the older APIs (the mock server's 110, 111, 336100; the
    /// vendor's APIErrorCode lists 18 QPSLimitReached and 336501 RPMLimitReached in this numbering).</item>
    /// <item><c>{"error": {"code", "message", "type"}}</c>: the v2 inference API (the mock server's
    /// invalid_model, internal_error); a gateway's <c>{"error": "name", "error_description"}</c> is read too.</item>
    /// </list>
    /// </summary>
    internal readonly struct ServiceErrorBody
    {
        private ServiceErrorBody(string code, string? message)
        {
            Code = code;
            Message = message;
        }

        /// <summary>The error code as text ("AccessDenied", "18"), cleaned for messages and error ids.</summary>
        public string Code { get; }

        public string? Message { get; }

        /// <summary>The error in <paramref name="root"/>; false when it carries none (a success, or JSON of no known shape).</summary>
        public static bool TryRead(JsonElement root, out ServiceErrorBody error)
        {
            error = default;
            if (root.ValueKind != JsonValueKind.Object) return false;
            if (TryCode(root, "code", out var code))
            {
                error = new ServiceErrorBody(code, Text(root, "message") ?? Text(root, "msg"));
                return true;
            }
            if (TryCode(root, "error_code", out code))
            {
                error = new ServiceErrorBody(code, Text(root, "error_msg"));
                return true;
            }
            if (!root.TryGetProperty("error", out var inner)) return false;
            if (inner.ValueKind == JsonValueKind.Object && (TryCode(inner, "code", out code) || TryCode(inner, "type", out code)))
            {
                error = new ServiceErrorBody(code, Text(inner, "message"));
                return true;
            }
            if (inner.ValueKind == JsonValueKind.String && inner.GetString() is { Length: > 0 } name)
            {
                error = new ServiceErrorBody(ServiceText.Code(name), Text(root, "error_description"));
                return true;
            }
            return false;
        }

        // A code is a non-empty string or a whole number; 0 is the older APIs' "no error".
        private static bool TryCode(JsonElement parent, string name, out string code)
        {
            code = string.Empty;
            if (!parent.TryGetProperty(name, out var value)) return false;
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                code = ServiceText.Code(text);
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) && number != 0)
                code = number.ToString(CultureInfo.InvariantCulture);
            return code.Length > 0;
        }

        private static string? Text(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? ServiceText.Message(value.GetString()) : null;
    }
}
