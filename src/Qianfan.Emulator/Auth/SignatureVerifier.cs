using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Qianfan.Emulator.Http;
using Qianfan.Signing;

namespace Qianfan.Emulator.Auth;

/// <summary>
/// Checks a request's bce-auth-v1 Authorization the way the service does: recompute the
/// signature from what actually arrived (method, path, query and the headers the client says it
/// signed, Host with its port) and compare. Messages never contain the secret, signatures or tokens.
/// </summary>
internal static class SignatureVerifier
{
    private const string SecurityTokenHeader = Protocol.Headers.SecurityToken;

    // Signed header names are lowercase in the Authorization header.
    private static readonly string SignedHost = Protocol.Headers.Host.ToLowerInvariant();

    /// <returns>null when the request is authentic, else the error to answer with.</returns>
    public static ApiOutcome? Verify(HttpRequest request, EmulatorSettings settings, DateTimeOffset now)
    {
        if (!AuthorizationHeader.TryParse(request.Headers[Protocol.Headers.Authorization].ToString(), out var auth, out var parseError))
        {
            return ApiOutcome.Error(400, ErrorCodes.InvalidHttpAuthHeader, parseError);
        }
        if (!string.Equals(auth!.AccessKey, settings.AccessKey, StringComparison.Ordinal))
        {
            return ApiOutcome.Error(403, ErrorCodes.InvalidAccessKeyId, $"the access key ID '{auth.AccessKey}' does not exist");
        }
        if (!auth.SignedHeaders.Contains(SignedHost, StringComparer.Ordinal))
        {
            return ApiOutcome.Error(400, ErrorCodes.InvalidHttpAuthHeader, "the host header must be among the signed headers");
        }

        var expired = CheckTime(auth, settings, now);
        if (expired != null) return ApiOutcome.Error(400, ErrorCodes.RequestExpired, expired);

        var signed = BceV1Signer.Sign(ToSigningRequest(request, auth.SignedHeaders), auth.AccessKey,
            Encoding.UTF8.GetBytes(settings.SecretKey), auth.Timestamp, auth.ExpirationSeconds);
        if (!FixedTimeEquals(signed.Signature, auth.Signature.ToLowerInvariant()))
        {
            return ApiOutcome.Error(403, ErrorCodes.SignatureDoesNotMatch,
                "the request signature does not match the one calculated for signed headers '" +
                string.Join(";", auth.SignedHeaders) + "'; check the secret key and what was signed");
        }

        return CheckSecurityToken(request, auth, settings);
    }

    private static string? CheckTime(AuthorizationHeader auth, EmulatorSettings settings, DateTimeOffset now)
    {
        var skew = (auth.Timestamp - now).TotalSeconds;
        if (Math.Abs(skew) > settings.MaxSkewSec)
        {
            return $"the request timestamp {auth.TimestampText} is {Math.Abs(skew):0} seconds " +
                   (skew < 0 ? "behind" : "ahead of") + $" the service clock {BceV1Signer.FormatTimestamp(now)} " +
                   $"(at most {settings.MaxSkewSec} allowed)";
        }
        if (now > auth.Timestamp.AddSeconds(auth.ExpirationSeconds))
        {
            return $"the signature made at {auth.TimestampText} expired after {auth.ExpirationSeconds} seconds " +
                   $"(service clock {BceV1Signer.FormatTimestamp(now)})";
        }
        return null;
    }

    private static ApiOutcome? CheckSecurityToken(HttpRequest request, AuthorizationHeader auth, EmulatorSettings settings)
    {
        var sent = request.Headers[SecurityTokenHeader].ToString().Trim();
        if (settings.SecurityToken == null)
        {
            return sent.Length == 0 ? null : ApiOutcome.Error(403, ErrorCodes.AccessDenied,
                "a security token was sent but these credentials are not temporary");
        }
        if (sent.Length == 0)
        {
            return ApiOutcome.Error(403, ErrorCodes.AccessDenied, "these credentials require the x-bce-security-token header");
        }
        if (!FixedTimeEquals(sent, settings.SecurityToken))
        {
            return ApiOutcome.Error(403, ErrorCodes.AccessDenied, "the security token is not valid for this access key ID");
        }
        if (!auth.SignedHeaders.Contains(SecurityTokenHeader, StringComparer.Ordinal))
        {
            return ApiOutcome.Error(403, ErrorCodes.SignatureDoesNotMatch, "the x-bce-security-token header must be signed");
        }
        return null;
    }

    /// <summary>The request as received, in the shape the signer takes: decoded path and query, raw header values.</summary>
    private static BceSigningRequest ToSigningRequest(HttpRequest request, IReadOnlyList<string> signedHeaders)
    {
        var query = new List<KeyValuePair<string, string?>>();
        foreach (var pair in request.Query)
        {
            foreach (var value in pair.Value) query.Add(new KeyValuePair<string, string?>(pair.Key, value ?? ""));
        }
        var headers = new List<KeyValuePair<string, string?>>(signedHeaders.Count);
        foreach (var name in signedHeaders)
        {
            if (request.Headers.TryGetValue(name, out var values))
            {
                headers.Add(new KeyValuePair<string, string?>(name, values.ToString()));
            }
        }
        var path = request.PathBase.Add(request.Path).Value;
        return new BceSigningRequest(request.Method, string.IsNullOrEmpty(path) ? "/" : path, query, headers, signedHeaders.ToArray());
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
