using System.Globalization;
using Qianfan.Runs.Gate;

namespace Qianfan.Runs
{
    /// <summary>The closing verbose words on how fast a run went and how often it was throttled.</summary>
    internal static class PacingSummary
    {
        public static string Describe(RatePacer pacer)
        {
            var throttled = pacer.ThrottledCount == 0 ? "no attempt was throttled" : $"{pacer.ThrottledCount} attempt(s) were throttled";
            var current = pacer.CurrentRate;
            if (!current.HasValue) return throttled + ", requests were not paced";
            return string.Format(CultureInfo.InvariantCulture, "{0}, requests were paced at {1:0.##}/s at the end (average {2:0.##}/s, lowest {3:0.##}/s)",
                throttled, current.Value, pacer.AveragePacedRate ?? current.Value, pacer.LowestRate ?? current.Value);
        }
    }
}
