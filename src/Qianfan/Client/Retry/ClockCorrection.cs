using System;
using System.Globalization;
using Qianfan.Connection;

namespace Qianfan.Client.Retry
{
    /// <summary>What is done when the service refuses a request as expired and says its time: correct within a bound, or fail saying to fix the clock.</summary>
    internal static class ClockCorrection
    {
        /// <summary>Adopts the time of the service's answer <paramref name="expired"/> (a RequestExpired with a Date header).</summary>
        /// <exception cref="QianfanServiceException">The skew is beyond <see cref="SessionClock.MaxCorrection"/>: the same refusal, saying so, and not to be retried.</exception>
        public static void Apply(SessionClock clock, QianfanServiceException expired)
        {
            var serverDate = expired.ServerDate ?? throw new ArgumentException("The refusal carries no Date header to correct the clock to.", nameof(expired));
            var skew = clock.CorrectTo(serverDate, out var adopted);
            if (adopted) return;
            var detail = string.Format(CultureInfo.InvariantCulture,
                "The service's clock (its Date header) is {0} {1} this machine's, more than the {2} hours the module corrects for: " +
                "fix this machine's clock (synchronise it with NTP) and run again",
                Describe(skew.Duration()), skew > TimeSpan.Zero ? "ahead of" : "behind", SessionClock.MaxCorrection.TotalHours);
            throw new QianfanServiceException(expired.Kind, expired.ActionName, expired.HttpStatus, expired.ErrorCode,
                expired.ServiceMessage, expired.RequestId, detail)
            {
                RetryAfter = expired.RetryAfter,
                MayHaveReachedService = expired.MayHaveReachedService,
            };
        }

        private static string Describe(TimeSpan span) =>
            span.TotalDays >= 2
                ? ((long)span.TotalDays).ToString(CultureInfo.InvariantCulture) + " days"
                : ((long)span.TotalHours).ToString(CultureInfo.InvariantCulture) + " hours";
    }
}
