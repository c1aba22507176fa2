using System;

namespace Qianfan.Client.Http
{
    /// <summary>What one HTTP attempt did: enough for a verbose line, never a secret.</summary>
    /// <param name="CanonicalRequest">The signed canonical request with any security token redacted; null unless asked for.</param>
    internal sealed record AttemptRecord(string Action, int Attempt, int? HttpStatus, string? RequestId, TimeSpan Elapsed, string Outcome, string? CanonicalRequest)
    {
        public const string Succeeded = "OK";
        public const string TimedOut = "timed out";
    }
}
