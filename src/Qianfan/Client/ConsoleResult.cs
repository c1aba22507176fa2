using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Qianfan.Client
{
    /// <summary>A successful console answer: the <c>result</c> member, the request id and how it went.</summary>
    public sealed class ConsoleResult
    {
        public ConsoleResult(JsonElement result, string requestId, int httpStatus, IReadOnlyList<AttemptRecord> attempts,
            TimeSpan elapsed, bool earlierAttemptMayHaveReachedService)
        {
            Result = result;
            RequestId = requestId;
            HttpStatus = httpStatus;
            Attempts = attempts;
            Elapsed = elapsed;
            EarlierAttemptMayHaveReachedService = earlierAttemptMayHaveReachedService;
        }

        /// <summary>The answer's <c>result</c>; ValueKind Undefined when the answer had none.</summary>
        public JsonElement Result { get; }
        public string RequestId { get; }
        public int HttpStatus { get; }
        public IReadOnlyList<AttemptRecord> Attempts { get; }
        public TimeSpan Elapsed { get; }
        public bool EarlierAttemptMayHaveReachedService { get; }
    }
}
