using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// How many starts a run's opening allows before anything is known of the service's limit: a few
    /// at once; two more for each accepted answer (as TCP's slow start), so that a fast service is not
    /// held back; and, once the service has answered, doubling every few milliseconds, since a throttle
    /// comes back at once. Before any answer nothing says the starts are not all being refused (a cold
    /// process answers its first requests late). From the first throttle on the opening grows no more:
    /// each answer lets one start in its place, as many as were in flight then.
    /// </summary>
    internal sealed class OpeningAllowance
    {
        private readonly AcceptanceEstimate _estimate;
        private TimeSpan? _firstAnswer;
        private int _throttles;
        private int _unanswered;
        private long? _inFlightAtThrottle;

        public OpeningAllowance(AcceptanceEstimate estimate)
        {
            _estimate = estimate ?? throw new ArgumentNullException(nameof(estimate));
        }

        public void Answered(TimeSpan now) => _firstAnswer ??= now;

        public void Throttled(TimeSpan now)
        {
            Answered(now);
            _throttles++;
            _inFlightAtThrottle ??= Math.Max((long)PacingTuning.OpeningStarts, InFlight + 1);
        }

        /// <summary>A start that ended with no answer (a timeout, a reset) is no longer in flight.</summary>
        public void Ended() => _unanswered++;

        /// <summary>How long until another start is allowed; zero when it is now. With none due by time, a doubling's time, to ask again then.</summary>
        public TimeSpan Wait(TimeSpan now)
        {
            if (!_estimate.FirstStart.HasValue) return TimeSpan.Zero;
            if (_inFlightAtThrottle.HasValue) return InFlight < _inFlightAtThrottle.Value ? TimeSpan.Zero : PacingTuning.OpeningDoubling;
            // Starts beyond those the answers paid for: each accepted answer two, each throttled or
            // unanswered one its own, so that a run whose first answers are all throttles or timeouts goes on.
            var beyond = _estimate.Starts + 1 - PacingTuning.OpeningPerAccepted * _estimate.Accepted - _throttles - _unanswered;
            if (beyond <= PacingTuning.OpeningStarts) return TimeSpan.Zero;
            if (!_firstAnswer.HasValue) return PacingTuning.OpeningDoubling;
            var doublings = Math.Log(beyond / PacingTuning.OpeningStarts, 2);
            var due = _firstAnswer.Value + TimeSpan.FromTicks((long)(doublings * PacingTuning.OpeningDoubling.Ticks));
            return due > now ? due - now : TimeSpan.Zero;
        }

        private long InFlight => _estimate.Starts - _estimate.Accepted - _throttles - _unanswered;
    }
}
