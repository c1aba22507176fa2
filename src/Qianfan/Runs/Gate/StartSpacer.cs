using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Spaces starts evenly at a given rate. At a pace faster than a timer's step, a start made late
    /// (a timer that woke late) keeps the schedule, so the starts that fell due while the caller slept
    /// go together and the average holds; lateness beyond <see cref="PacingTuning.TimerSlack"/> is an
    /// idle spell, and banks nothing. At a slower pace only the margin under the limit is kept: a
    /// start that followed a late one too closely would meet a bucket that banks a single start empty.
    /// </summary>
    internal sealed class StartSpacer
    {
        /// <summary>A slot this close ahead counts as due: no one sleeps for less.</summary>
        private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

        private TimeSpan _lastSlot = TimeSpan.MinValue;

        private static TimeSpan Slack(TimeSpan interval) =>
            interval <= PacingTuning.TimerSlack ? PacingTuning.TimerSlack : TimeSpan.FromTicks((long)(interval.Ticks * (1 - PacingTuning.Margin)));

        /// <summary>Whether at <paramref name="rate"/> the starts a late timer held back go together, so that the average holds.</summary>
        public static bool LateStartsGoTogether(double rate) => Interval(rate) <= PacingTuning.TimerSlack;

        private static TimeSpan Interval(double rate) => TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate));

        /// <summary>Takes a slot now if one is due at <paramref name="rate"/> (any time when null), or says how long until one is.</summary>
        public bool TryStart(TimeSpan now, double? rate, out TimeSpan wait)
        {
            wait = TimeSpan.Zero;
            if (!rate.HasValue)
            {
                _lastSlot = now;
                return true;
            }
            var interval = Interval(rate.Value);
            var slot = _lastSlot == TimeSpan.MinValue ? now : _lastSlot + interval;
            if (slot > now + Tolerance)
            {
                wait = slot - now;
                return false;
            }
            _lastSlot = now - slot > Slack(interval) ? now : slot;
            return true;
        }
    }
}
