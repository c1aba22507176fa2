using System;
using System.Collections.Generic;
using Qianfan.Protocol;

namespace Qianfan.Client.Retry
{
    /// <summary>
    /// The one list of what means "too many requests, slow down": HTTP 429, and these codes in the
    /// answer's body whatever its status and whichever of the vendor's error shapes carries them
    /// (<see cref="ServiceErrorBody"/>; the platform sends some of them with HTTP 200 or 400).
    /// A throttled attempt is retried without using up -MaxRetryCount and slows the whole run.
    /// </summary>
    internal static class ThrottlingSignals
    {
        public const int TooManyRequestsStatus = 429;

        /// <summary>Codes documented by Baidu for Qianfan and BCE gateways, plus the generic names gateways use.</summary>
        public static IReadOnlyCollection<string> Codes { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            ServiceProtocol.ErrorCodes.RequestLimitExceeded, // BCE gateways
            ServiceProtocol.ErrorCodes.TooManyRequests,
            ServiceProtocol.ErrorCodes.Throttling,
            ServiceProtocol.ErrorCodes.ThrottlingException,
            ServiceProtocol.ErrorCodes.OpenApiRequestLimit,
            ServiceProtocol.ErrorCodes.OpenApiQpsLimit,
            ServiceProtocol.ErrorCodes.RpmLimitReached,
            ServiceProtocol.ErrorCodes.TpmLimitReached,
            ServiceProtocol.ErrorCodes.RpmRateLimitExceeded,
            ServiceProtocol.ErrorCodes.TpmRateLimitExceeded,
        };

        public static bool IsThrottling(int? httpStatus, string? errorCode) =>
            httpStatus == TooManyRequestsStatus || (errorCode != null && ((HashSet<string>)Codes).Contains(errorCode));
    }
}
