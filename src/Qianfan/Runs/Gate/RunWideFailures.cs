using System;
using System.Linq;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Failures that cannot depend on the id: wrong keys, a clock the service rejects, an endpoint
    /// that refuses, does not resolve, fails TLS or never answers. The same one on several ids in a
    /// row means every later id would fail alike, so a run stops sending. Per-id answers (not found,
    /// wrong status, 500s) are never run-wide.
    /// </summary>
    internal static class RunWideFailures
    {
        /// <summary>The name of the failure of an id whose every attempt timed out with no answer.</summary>
        public const string NoAnswerInTime = "no answer in time";

        /// <summary>A short name of the run-wide failure, the same for every id it hits; null when the failure may be this id's own.</summary>
        public static string? KeyOf(QianfanServiceException? failure)
        {
            if (failure == null) return null;
            switch (failure.Kind)
            {
                case FailureKind.Service:
                case FailureKind.InvalidResponse:
                    if (failure.ErrorCode != null && IsAuthenticationCode(failure.ErrorCode)) return failure.ErrorCode;
                    return failure.HttpStatus == 401 ? "HTTP 401" : null;
                case FailureKind.Connection:
                    switch (failure.Connection)
                    {
                        case ConnectionProblem.Refused: return "connection refused";
                        case ConnectionProblem.NameNotResolved: return "host name not resolved";
                        case ConnectionProblem.SecureChannel: return "TLS failure";
                        default: return null;
                    }
                case FailureKind.Timeout:
                    return failure.Attempts.Count > 0 && failure.Attempts.All(a => a.HttpStatus == null && a.Outcome == AttemptRecord.TimedOut)
                        ? NoAnswerInTime
                        : null;
                default:
                    return null;
            }
        }

        private static bool IsAuthenticationCode(string code) =>
            string.Equals(code, ServiceProtocol.ErrorCodes.AccessDenied, StringComparison.Ordinal) ||
            string.Equals(code, ServiceProtocol.ErrorCodes.SignatureDoesNotMatch, StringComparison.Ordinal) ||
            string.Equals(code, ServiceProtocol.ErrorCodes.InvalidAccessKeyId, StringComparison.Ordinal) ||
            string.Equals(code, ServiceProtocol.ErrorCodes.InvalidHttpAuthHeader, StringComparison.Ordinal) ||
            string.Equals(code, ServiceProtocol.ErrorCodes.RequestExpired, StringComparison.Ordinal);
    }
}
