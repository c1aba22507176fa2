using System;

namespace Qianfan.Client
{
    /// <summary>What one HTTP attempt did: enough for a verbose line, never a secret.</summary>
    public sealed class AttemptRecord
    {
        public const string Succeeded = "OK";
        public const string TimedOut = "timed out";

        public AttemptRecord(string action, int attempt, int? httpStatus, string requestId, TimeSpan elapsed, string outcome, string canonicalRequest)
        {
            Action = action;
            Attempt = attempt;
            HttpStatus = httpStatus;
            RequestId = requestId;
            Elapsed = elapsed;
            Outcome = outcome;
            CanonicalRequest = canonicalRequest;
        }

        public string Action { get; }
        public int Attempt { get; }
        public int? HttpStatus { get; }
        public string RequestId { get; }
        public TimeSpan Elapsed { get; }
        public string Outcome { get; }

        /// <summary>The signed canonical request with any security token redacted; null unless asked for.</summary>
        public string CanonicalRequest { get; }
    }
}
