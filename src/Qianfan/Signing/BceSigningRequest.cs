using System.Collections.Generic;

namespace Qianfan.Signing
{
    /// <summary>What the signer needs to know about one HTTP request: all values raw (unencoded), headers as sent.</summary>
    internal sealed class BceSigningRequest
    {
        public BceSigningRequest(
            string method,
            string? path,
            IReadOnlyList<KeyValuePair<string, string?>>? query,
            IReadOnlyList<KeyValuePair<string, string?>>? headers,
            IReadOnlyCollection<string>? headersToSign = null)
        {
            Method = method;
            Path = path;
            Query = query ?? System.Array.Empty<KeyValuePair<string, string?>>();
            Headers = headers ?? System.Array.Empty<KeyValuePair<string, string?>>();
            HeadersToSign = headersToSign;
        }

        public string Method { get; }
        /// <summary>The raw path; null or empty signs as "/".</summary>
        public string? Path { get; }
        public IReadOnlyList<KeyValuePair<string, string?>> Query { get; }
        public IReadOnlyList<KeyValuePair<string, string?>> Headers { get; }

        /// <summary>Lowercase header names to sign; null selects the default set (host, content-*, x-bce-*).</summary>
        public IReadOnlyCollection<string>? HeadersToSign { get; }
    }
}
