using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace Qianfan.Signing
{
    /// <summary>
    /// bce-auth-v1 request signing. Pure computation: the caller supplies the time, so that
    /// every attempt can be signed afresh and tests can pin the clock.
    /// </summary>
    internal static class BceV1Signer
    {
        public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ";

        private static readonly string[] DefaultSignedHeaders = { "host", "content-length", "content-type", "content-md5" };

        public static string FormatTimestamp(DateTimeOffset timestamp) =>
            timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

        /// <param name="secretKeyUtf8">The secret key's UTF-8 bytes; the caller owns and clears them.</param>
        public static BceSignature Sign(BceSigningRequest request, string accessKey, byte[] secretKeyUtf8,
            DateTimeOffset timestamp, int expirationSeconds)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var prefix = "bce-auth-v1/" + accessKey + "/" + FormatTimestamp(timestamp) + "/" +
                         expirationSeconds.ToString(CultureInfo.InvariantCulture);
            var signingKey = HmacHex(secretKeyUtf8, prefix);

            var canonicalUri = CanonicalUri(request.Path);
            var canonicalQuery = CanonicalQueryString(request.Query);
            var signed = SelectHeaders(request.Headers, request.HeadersToSign);
            var canonicalHeaders = string.Join("\n", signed
                .Select(h => BceUriEncoder.Encode(h.Key) + ":" + BceUriEncoder.Encode(h.Value))
                .OrderBy(line => line, StringComparer.Ordinal));
            var signedHeaders = string.Join(";", signed.Select(h => h.Key).Distinct().OrderBy(n => n, StringComparer.Ordinal));

            var canonicalRequest = request.Method.ToUpperInvariant() + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + canonicalHeaders;
            var signature = HmacHex(Encoding.UTF8.GetBytes(signingKey), canonicalRequest);
            return new BceSignature(prefix, signingKey, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, signature);
        }

        public static string CanonicalUri(string? path)
        {
            if (string.IsNullOrEmpty(path)) return "/";
            var encoded = BceUriEncoder.Encode(path, keepSlash: true);
            return encoded[0] == '/' ? encoded : "/" + encoded;
        }

        public static string CanonicalQueryString(IEnumerable<KeyValuePair<string, string?>> query) =>
            string.Join("&", query
                .Where(p => !string.Equals(p.Key, "authorization", StringComparison.OrdinalIgnoreCase))
                .Select(p => BceUriEncoder.Encode(p.Key) + "=" + BceUriEncoder.Encode(p.Value))
                .OrderBy(item => item, StringComparer.Ordinal));

        /// <summary>Lowercased name and trimmed value of each header to sign; empty values are never signed.</summary>
        private static List<KeyValuePair<string, string>> SelectHeaders(
            IEnumerable<KeyValuePair<string, string?>> headers, IReadOnlyCollection<string>? headersToSign)
        {
            var explicitSet = headersToSign == null
                ? null
                : new HashSet<string>(headersToSign.Select(n => n.Trim().ToLowerInvariant()), StringComparer.Ordinal);
            var selected = new List<KeyValuePair<string, string>>();
            foreach (var header in headers)
            {
                var name = header.Key.Trim().ToLowerInvariant();
                var value = (header.Value ?? string.Empty).Trim();
                if (value.Length == 0) continue;
                var wanted = explicitSet != null
                    ? explicitSet.Contains(name)
                    : DefaultSignedHeaders.Contains(name) || name.StartsWith("x-bce-", StringComparison.Ordinal);
                if (wanted) selected.Add(new KeyValuePair<string, string>(name, value));
            }
            return selected;
        }

        private static string HmacHex(byte[] key, string message)
        {
            using (var hmac = new HMACSHA256(key))
            {
                var hash = hmac.ComputeHash(Encoding.UTF8.GetBytes(message));
                var builder = new StringBuilder(hash.Length * 2);
                foreach (var b in hash) builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return builder.ToString();
            }
        }
    }
}
