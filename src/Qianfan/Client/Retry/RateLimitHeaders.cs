using System.Globalization;
using System.Linq;
using System.Net.Http;
using Qianfan.Protocol;

namespace Qianfan.Client.Retry
{
    /// <summary>
    /// Reads the limit the service publishes in its answers: <c>X-Ratelimit-Limit-Requests</c>, the
    /// requests allowed per minute, and <c>X-Ratelimit-Remaining-Requests</c>, how many are left
    /// before it (refreshed at a moment within the minute that the service does not say).
    /// </summary>
    internal static class RateLimitHeaders
    {
        public const string LimitRequests = ServiceProtocol.Headers.RateLimitLimitRequests;
        public const string RemainingRequests = ServiceProtocol.Headers.RateLimitRemainingRequests;

        /// <returns>The published per-minute limit, or null when there is none or it does not parse.</returns>
        public static double? RequestsPerMinute(HttpResponseMessage response) => Number(response, LimitRequests);

        /// <returns>The requests left before the limit, or null when not published.</returns>
        public static double? Remaining(HttpResponseMessage response) => Number(response, RemainingRequests);

        private static double? Number(HttpResponseMessage response, string header)
        {
            if (!response.Headers.TryGetValues(header, out var values)) return null;
            var text = values.FirstOrDefault();
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value < 1e9
                ? value
                : (double?)null;
        }
    }
}
