using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Qianfan.Tests.Fakes
{
    /// <summary>One request as a fake service received it: request line, path, action, headers and body.</summary>
    internal sealed class RecordedRequest
    {
        /// <param name="requestLine">The first line as sent: "POST /v2/batchinference?Action=... HTTP/1.1", or a proxy's "CONNECT host:443 HTTP/1.1".</param>
        /// <param name="pathAndQuery">The target without scheme and host (for a CONNECT, the host and port).</param>
        public RecordedRequest(string requestLine, string pathAndQuery, IEnumerable<KeyValuePair<string, string>> headers, string body)
        {
            RequestLine = requestLine;
            Method = requestLine.Split(' ')[0];
            PathAndQuery = pathAndQuery;
            var query = pathAndQuery.IndexOf("?Action=", StringComparison.Ordinal);
            Action = query < 0 ? null : Uri.UnescapeDataString(pathAndQuery.AsSpan(query + 8));
            Path = query < 0 ? pathAndQuery : pathAndQuery.Substring(0, query);
            foreach (var header in headers) Headers[header.Key.ToLowerInvariant()] = header.Value;
            BodyText = body;
            try
            {
                using (var document = JsonDocument.Parse(body.Length == 0 ? "null" : body)) Body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON: BodyText has it as sent.
            }
        }

        public string RequestLine { get; }
        public string Method { get; }
        public string PathAndQuery { get; }
        public string Path { get; }
        /// <summary>The ?Action= of the target; null when it has none.</summary>
        public string? Action { get; }

        /// <summary>Header values by lower-case name (found in any case).</summary>
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string BodyText { get; }

        /// <summary>The body parsed, or an undefined element when it is not JSON.</summary>
        public JsonElement Body { get; }

        // Null when the request did not carry the header.
        public string? Authorization => Header("Authorization");
        public string? Date => Header("x-bce-date");
        public string? UserAgent => Header("User-Agent");
        public string? Host => Header("Host");

        private string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }
}
