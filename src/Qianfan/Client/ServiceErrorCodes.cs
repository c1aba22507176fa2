namespace Qianfan.Client
{
    /// <summary>
    /// Error codes the module reacts to, spelled in <see cref="ServiceProtocol.ErrorCodes"/>
    /// (those the service is only assumed to use are marked there).
    /// </summary>
    internal static class ServiceErrorCodes
    {
        public const string ResourceNotFound = ServiceProtocol.ErrorCodes.ResourceNotFound;
        public const string InvalidTaskStatus = ServiceProtocol.ErrorCodes.InvalidTaskStatus;
        public const string AccessDenied = ServiceProtocol.ErrorCodes.AccessDenied;
        public const string InvalidAccessKeyId = ServiceProtocol.ErrorCodes.InvalidAccessKeyId;
        public const string SignatureDoesNotMatch = ServiceProtocol.ErrorCodes.SignatureDoesNotMatch;
        public const string InvalidHttpAuthHeader = ServiceProtocol.ErrorCodes.InvalidHttpAuthHeader;
        public const string RequestExpired = ServiceProtocol.ErrorCodes.RequestExpired;
        public const string InappropriateJson = ServiceProtocol.ErrorCodes.InappropriateJson;

        /// <summary>The module's own code, not the service's: the service answered result false instead of true.</summary>
        public const string ResultFalse = "ResultFalse";
    }
}
