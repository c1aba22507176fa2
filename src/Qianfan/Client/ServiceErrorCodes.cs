namespace Qianfan.Client
{
    /// <summary>
    /// Error codes the module reacts to. The service publishes no catalogue, so the ones it is
    /// only assumed to use are kept here, in one place, to change when the truth is known.
    /// </summary>
    internal static class ServiceErrorCodes
    {
        public const string ResourceNotFound = "ResourceNotFound";

        /// <summary>Assumed: the answer to stopping a task that is not running, or deleting one that is.</summary>
        public const string InvalidTaskStatus = "InvalidTaskStatus";

        public const string AccessDenied = "AccessDenied";
        public const string InvalidAccessKeyId = "InvalidAccessKeyId";
        public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
        public const string InvalidHttpAuthHeader = "InvalidHTTPAuthHeader";
        public const string RequestExpired = "RequestExpired";
        public const string InappropriateJson = "InappropriateJSON";
        public const string ResultFalse = "ResultFalse";
    }
}
