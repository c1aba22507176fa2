namespace Qianfan.Emulator.Http;

/// <summary>The error codes the emulator answers with, in one place so tests and clients can match them.</summary>
public static class ErrorCodes
{
    public const string InvalidHttpAuthHeader = "InvalidHTTPAuthHeader";
    public const string InvalidAccessKeyId = "InvalidAccessKeyId";
    public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
    public const string RequestExpired = "RequestExpired";
    public const string AccessDenied = "AccessDenied";
    public const string InappropriateJson = "InappropriateJSON";
    public const string InvalidAction = "InvalidAction";
    public const string InvalidParameter = "InvalidParameter";
    public const string ResourceNotFound = "ResourceNotFound";
    public const string InvalidTaskStatus = "InvalidTaskStatus";
    public const string InternalError = "InternalError";
    public const string RequestLimitExceeded = "RequestLimitExceeded";

    /// <summary>Qianfan's "Open api qps request limit reached", sent over --qps with a --throttle-status other than 429.</summary>
    public const string OpenApiQpsLimit = "18";

    /// <summary>Qianfan's "Rate limit reached for RPM", sent over --rpm with a --throttle-status other than 429.</summary>
    public const string RpmLimitReached = "336501";

    public const string NotFound = "NotFound";
    public const string MethodNotAllowed = "MethodNotAllowed";
}
