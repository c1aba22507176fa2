using System.Globalization;
using Qianfan.Signing;

namespace Qianfan.Emulator.Auth;

/// <summary>The parts of "bce-auth-v1/{ak}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}".</summary>
internal sealed record AuthorizationHeader(
    string AccessKey,
    DateTimeOffset Timestamp,
    string TimestampText,
    int ExpirationSeconds,
    IReadOnlyList<string> SignedHeaders,
    string Signature)
{
    private const string Version = "bce-auth-v1";

    /// <summary>Parses the header; on failure <paramref name="error"/> says what is wrong without echoing the value.</summary>
    public static bool TryParse(string? value, out AuthorizationHeader? header, out string error)
    {
        header = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the Authorization header is missing";
            return false;
        }
        var parts = value.Trim().Split('/');
        if (parts.Length != 6 || parts[0] != Version)
        {
            error = "the Authorization header must have the form bce-auth-v1/{accessKeyId}/{timestamp}/{expirationSeconds}/{signedHeaders}/{signature}";
            return false;
        }
        if (parts[1].Length == 0)
        {
            error = "the Authorization header has an empty access key ID";
            return false;
        }
        if (!DateTimeOffset.TryParseExact(parts[2], BceV1Signer.TimestampFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var timestamp))
        {
            error = "the Authorization header timestamp must be UTC in the form yyyy-MM-ddTHH:mm:ssZ";
            return false;
        }
        if (!int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expiration) || expiration <= 0)
        {
            error = "the Authorization header expiration must be a positive number of seconds";
            return false;
        }
        var signedHeaders = parts[4].Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (signedHeaders.Length == 0)
        {
            error = "the Authorization header names no signed headers";
            return false;
        }
        if (parts[5].Length != 64 || !parts[5].All(Uri.IsHexDigit))
        {
            error = "the Authorization header signature must be 64 hexadecimal digits";
            return false;
        }
        header = new AuthorizationHeader(parts[1], timestamp, parts[2], expiration, signedHeaders, parts[5]);
        error = "";
        return true;
    }
}
