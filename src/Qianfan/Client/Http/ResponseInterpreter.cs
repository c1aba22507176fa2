using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using Qianfan.Client.Errors;
using Qianfan.Protocol;

namespace Qianfan.Client.Http
{
    /// <summary>
    /// Turns one HTTP answer into a result element or a QianfanServiceException, whatever the body holds.
    /// Every piece of the answer's text that can reach a message, an error id or a log line passes
    /// through <see cref="ServiceText"/> here, and nowhere else needs to clean it.
    /// </summary>
    internal static class ResponseInterpreter
    {
        private const int ExcerptLength = 160;

        /// <param name="clock">The time a Retry-After date is counted from when the answer has no Date header.</param>
        public static JsonElement Interpret(string action, HttpResponseMessage response, byte[] body, IClock clock, out string? requestId)
        {
            var status = (int)response.StatusCode;
            requestId = ServiceText.RequestId(HeaderValue(response, ServiceProtocol.Headers.RequestId));
            JsonElement root;
            try
            {
                root = body.Length == 0 ? default : ParseObject(body);
            }
            catch (JsonException)
            {
                root = default;
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("requestId", out var id) && id.ValueKind == JsonValueKind.String)
                requestId = ServiceText.RequestId(id.GetString());

            var isSuccessStatus = status >= 200 && status <= 299;
            // An error in any of the vendor's shapes is the service's refusal, whatever the status (throttling comes under 200 too).
            if (ServiceErrorBody.TryRead(root, out var error))
                throw Refusal(response, clock, FailureKind.Service, action, status, error.Code, error.Message, requestId);
            if (isSuccessStatus && root.ValueKind == JsonValueKind.Object)
                return root.TryGetProperty("result", out var result) ? result.Clone() : default;
            // The service's envelope (its requestId in the body) with a failing status but no error in it: the service answered.
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("requestId", out _) && !(status >= 300 && status <= 399))
                throw Refusal(response, clock, FailureKind.UnexpectedAnswer, action, status, null, null, requestId,
                    "the answer has a request id but no error code or message (\"" + Excerpt(body) + "\")");

            string detail;
            if (status >= 300 && status <= 399)
                detail = "the endpoint answered with a redirect" + (response.Headers.Location != null ? " to " + ServiceText.Url(UrlText.Masked(response.Headers.Location)) : string.Empty) +
                         ", which is not followed because the request is signed for this host; check -Endpoint";
            else if (body.Length == 0)
                detail = "the body was empty";
            else
                detail = "the body starts with \"" + Excerpt(body) + "\"";
            throw Refusal(response, clock, FailureKind.InvalidResponse, action, status, null, null, requestId, detail);
        }

        public static QianfanServiceException TooLarge(string action, HttpResponseMessage response, int limit, IClock clock) =>
            Refusal(response, clock, FailureKind.InvalidResponse, action, (int)response.StatusCode, null, null,
                ServiceText.RequestId(HeaderValue(response, ServiceProtocol.Headers.RequestId)), "the answer is larger than " + limit / 1024 + " KiB and was not read");

        /// <summary>The failure for this answer, with what it says about retrying: the service's time and Retry-After.</summary>
        private static QianfanServiceException Refusal(HttpResponseMessage response, IClock clock, FailureKind kind, string action, int status,
            string? errorCode, string? serviceMessage, string? requestId, string? detail = null)
        {
            var retryAfter = response.Headers.RetryAfter;
            return new QianfanServiceException(kind, action, status, errorCode, serviceMessage, requestId, detail)
            {
                ServerDate = response.Headers.Date,
                RetryAfter = retryAfter?.Delta ?? retryAfter?.Date - (response.Headers.Date ?? clock.UtcNow),
            };
        }

        private static JsonElement ParseObject(byte[] body)
        {
            using (var document = JsonDocument.Parse(body))
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : default;
        }

        private static string? HeaderValue(HttpResponseMessage response, string name) =>
            response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        /// <summary>A short, single-line, printable start of a body that is not JSON (an HTML error page, say).</summary>
        internal static string Excerpt(byte[] body)
        {
            var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, ExcerptLength * 4));
            var builder = new StringBuilder();
            foreach (var c in text)
            {
                if (builder.Length >= ExcerptLength) { builder.Append("..."); break; }
                builder.Append(char.IsControl(c) ? ' ' : c);
            }
            return builder.ToString().Trim();
        }
    }
}
