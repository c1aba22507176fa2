namespace Qianfan.Emulator.Http;

/// <summary>
/// The route, action names and header names of the console API, as the emulator spells them.
/// Written here on purpose rather than taken from the client's vocabulary: a stand-in that shared
/// the client's words would mirror a misspelling instead of catching it. A test compares the two,
/// with <see cref="ErrorCodes"/> and <see cref="Tasks.RunStatus"/>.
/// </summary>
public static class Protocol
{
    public static class Route
    {
        public const string BatchInference = "/v2/batchinference";
        public const string ActionParameter = "Action";
    }

    public static class Actions
    {
        public const string CreateBatchInferenceTask = "CreateBatchInferenceTask";
        public const string DeleteBatchInferenceTask = "DeleteBatchInferenceTask";
        public const string DescribeBatchInferenceModel = "DescribeBatchInferenceModel";
        public const string DescribeBatchInferenceTask = "DescribeBatchInferenceTask";
        public const string DescribeBatchInferenceTasks = "DescribeBatchInferenceTasks";
        public const string StopBatchInferenceTask = "StopBatchInferenceTask";
    }

    /// <summary>The headers the emulator reads or writes by name.</summary>
    public static class Headers
    {
        public const string Authorization = "Authorization";
        public const string Host = "Host";
        public const string SecurityToken = "x-bce-security-token";
        public const string RequestId = "x-bce-request-id";
        public const string Date = "Date";
        public const string RetryAfter = "Retry-After";
        public const string RateLimitLimitRequests = "X-Ratelimit-Limit-Requests";
        public const string RateLimitRemainingRequests = "X-Ratelimit-Remaining-Requests";
    }
}
