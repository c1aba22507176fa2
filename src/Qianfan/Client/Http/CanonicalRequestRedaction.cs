using System;
using Qianfan.Protocol;

namespace Qianfan.Client.Http
{
    /// <summary>
    /// A signed canonical request fit for -Debug: the value of the x-bce-security-token line is
    /// replaced whole, whatever the token is, so that exactly what was signed and sent is hidden.
    /// </summary>
    internal static class CanonicalRequestRedaction
    {
        public const string TokenHeaderPrefix = ServiceProtocol.Headers.SecurityToken + ":";
        public const string Redacted = "[redacted]";

        public static string Redact(string canonicalRequest)
        {
            if (string.IsNullOrEmpty(canonicalRequest)) return canonicalRequest;
            var lines = canonicalRequest.Split('\n');
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].StartsWith(TokenHeaderPrefix, StringComparison.Ordinal))
                    lines[i] = TokenHeaderPrefix + Redacted;
            return string.Join("\n", lines);
        }
    }
}
