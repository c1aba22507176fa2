using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace Qianfan.Client
{
    /// <summary>
    /// Reads the limit the service publishes in its answers: <c>X-Ratelimit-Limit-Requests</c>, the
    /// requests allowed per minute. (Its twin X-Ratelimit-Remaining-Requests refreshes at an
    /// unknown moment within the minute, so only the limit is paced from.)
    /// </summary>
    internal static class RateLimitHeaders
    {
        public const string LimitRequests = "X-Ratelimit-Limit-Requests";
        public const string RemainingRequests = "X-Ratelimit-Remaining-Requests";

        /// <returns>The published per-minute limit, or null when there is none or it does not parse.</returns>
        public static double? RequestsPerMinute(HttpResponseMessage response)
        {
            if (!response.Headers.TryGetValues(LimitRequests, out var values)) return null;
            var text = values.FirstOrDefault();
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var limit) && limit > 0 && limit < 1e9
                ? limit
                : (double?)null;
        }
    }
}
