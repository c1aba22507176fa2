using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// How many starts a run's opening allows, before anything is known of the service's limit: a few at
    /// once, then two more for each accepted answer (as TCP's slow start), so that it doubles with each round
    /// trip and, before a throttle can come back, has sent no more than a tight limit lets through. From
    /// the first throttle, accepted answers allow no more until every start is answered: throttled often
    /// enough, the opening is over; too seldom to act on (a busy backend throttling at random), it goes on.
    /// With no answers for a while (a slow endpoint, dropped connections) it doubles by time too, and never stalls.
    /// </summary>
    internal sealed class OpeningAllowance
    {
        private readonly AcceptanceEstimate _estimate;
        private long? _acceptedAtFirstThrottle;

        public OpeningAllowance(AcceptanceEstimate estimate)
        {
            _estimate = estimate ?? throw new ArgumentNullException(nameof(estimate));
        }

        /// <summary>How long until another start is allowed; zero when it is now.</summary>
        public TimeSpan Wait(TimeSpan now)
        {
            if (!_estimate.FirstStart.HasValue) return TimeSpan.Zero;
            var accepted = _acceptedAtFirstThrottle ?? _estimate.Accepted;
            var pastAnswers = _estimate.Starts + 1 - PacingTuning.OpeningPerAccepted * accepted;
            if (pastAnswers <= PacingTuning.OpeningStarts) return TimeSpan.Zero;
            var doublings = Math.Log(pastAnswers / PacingTuning.OpeningStarts, 2);
            var due = _estimate.FirstStart.Value + PacingTuning.OpeningPatience
                + TimeSpan.FromTicks((long)(doublings * PacingTuning.OpeningDoubling.Ticks));
            if (due <= now) return TimeSpan.Zero;
            // Nothing wakes a waiter when an answer comes: it looks again soon.
            return due - now < PacingTuning.OpeningLookAgain ? due - now : PacingTuning.OpeningLookAgain;
        }

        /// <summary>An answer (already counted in the estimate); true when the opening is over.</summary>
        /// <param name="bar">The throttled share that is enough to act on.</param>
        public bool Answered(bool throttled, double bar)
        {
            if (throttled) _acceptedAtFirstThrottle ??= _estimate.Accepted;
            if (_acceptedAtFirstThrottle.HasValue && _estimate.ThrottledEnough(bar)) return true;
            // Every start answered, and the throttles too few to act on: the slow start goes on.
            if (_estimate.Unanswered == 0) _acceptedAtFirstThrottle = null;
            return false;
        }
    }
}
