using System.Collections.Generic;

namespace Qianfan.Protocol
{
    /// <summary>
    /// The console API's words, spelled as the service spells them, in one place: route, action
    /// names, header names, error codes and the run statuses of a task. Where a word is only
    /// assumed (the service publishes no catalogue) it says so, so that it changes here alone.
    /// The signer (Signing) keeps its own copy of what bce-auth-v1 itself defines (the x-bce-
    /// prefix, the headers signed by default): it is a layer below this one and must not depend on it.
    /// </summary>
    internal static class ServiceProtocol
    {
        public static class Route
        {
            /// <summary>The batch-inference route: every call is POST {endpoint}/v2/batchinference?Action=Name.</summary>
            public const string BatchInference = "/v2/batchinference";

            /// <summary>The query parameter that names the action.</summary>
            public const string ActionParameter = "Action";
        }

        /// <summary>The actions of the batch-inference route.</summary>
        public static class Actions
        {
            public const string CreateBatchInferenceTask = "CreateBatchInferenceTask";
            public const string DeleteBatchInferenceTask = "DeleteBatchInferenceTask";
            public const string DescribeBatchInferenceModel = "DescribeBatchInferenceModel";
            public const string DescribeBatchInferenceTask = "DescribeBatchInferenceTask";
            public const string DescribeBatchInferenceTasks = "DescribeBatchInferenceTasks";
            public const string StopBatchInferenceTask = "StopBatchInferenceTask";
        }

        /// <summary>Header names of requests and answers (names are case-insensitive on the wire; the signer lowercases them).</summary>
        public static class Headers
        {
            public const string Authorization = "Authorization";
            public const string Host = "Host";
            public const string ContentType = "Content-Type";

            /// <summary>The signing time, UTC yyyy-MM-ddTHH:mm:ssZ; signed.</summary>
            public const string BceDate = "x-bce-date";

            /// <summary>The STS token of temporary credentials; sent and signed only with them.</summary>
            public const string SecurityToken = "x-bce-security-token";

            /// <summary>The service's id of a request (also "requestId" in the body), to quote to support.</summary>
            public const string RequestId = "x-bce-request-id";

            /// <summary>The service's clock, read to correct a skewed local one.</summary>
            public const string Date = "Date";

            public const string RetryAfter = "Retry-After";

            /// <summary>Requests allowed per minute.</summary>
            public const string RateLimitLimitRequests = "X-Ratelimit-Limit-Requests";

            /// <summary>Requests left before the per-minute limit.</summary>
            public const string RateLimitRemainingRequests = "X-Ratelimit-Remaining-Requests";
        }

        /// <summary>Error codes of the answer's body ("code").</summary>
        public static class ErrorCodes
        {
            public const string AccessDenied = "AccessDenied";
            public const string InvalidAccessKeyId = "InvalidAccessKeyId";
            public const string SignatureDoesNotMatch = "SignatureDoesNotMatch";
            public const string InvalidHttpAuthHeader = "InvalidHTTPAuthHeader";

            /// <summary>Clock skew, or a signature past its lifetime.</summary>
            public const string RequestExpired = "RequestExpired";

            public const string InappropriateJson = "InappropriateJSON";

            /// <summary>Assumed: the answer for a task id that does not exist.</summary>
            public const string ResourceNotFound = "ResourceNotFound";

            /// <summary>Assumed: the answer to stopping a task that is not running, or deleting one that is.</summary>
            public const string InvalidTaskStatus = "InvalidTaskStatus";

            // Throttling: what BCE gateways and the Qianfan platform answer over a limit, some with HTTP 200 or 400.
            public const string RequestLimitExceeded = "RequestLimitExceeded";
            public const string TooManyRequests = "TooManyRequests";
            public const string Throttling = "Throttling";
            public const string ThrottlingException = "ThrottlingException";

            /// <summary>"Open api request limit reached".</summary>
            public const string OpenApiRequestLimit = "4";

            /// <summary>"Open api qps request limit reached".</summary>
            public const string OpenApiQpsLimit = "18";

            /// <summary>"Rate limit reached for RPM".</summary>
            public const string RpmLimitReached = "336501";

            /// <summary>"Rate limit reached for TPM".</summary>
            public const string TpmLimitReached = "336502";

            /// <summary>"Rate limit reached for RPM", as the v2 API names it (the vendor's rate-limit page, cloud.baidu.com/doc/WENXINWORKSHOP/s/cm79w0mjf).</summary>
            public const string RpmRateLimitExceeded = "rpm_rate_limit_exceeded";

            /// <summary>"Rate limit reached for TPM", as the v2 API names it.</summary>
            public const string TpmRateLimitExceeded = "tpm_rate_limit_exceeded";
        }

        /// <summary>The run states of a batch inference task ("runStatus").</summary>
        public static class RunStatuses
        {
            public const string Running = "Running";
            public const string Done = "Done";
            public const string Stopped = "Stopped";
            public const string Failed = "Failed";
            public const string Expired = "Expired";

            public static IReadOnlyList<string> All { get; } = new[] { Running, Done, Stopped, Failed, Expired };
        }
    }
}
