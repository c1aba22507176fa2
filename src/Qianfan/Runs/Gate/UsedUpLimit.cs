using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Just after the opening, the limit it ran into is used up: a bucket refills at its rate, but a fixed
    /// window throttles every start until it turns over. Until a start made since is accepted, each
    /// throttle halves the pace (down to <see cref="PacingTuning.FirstPace"/>), so that a few starts,
    /// further apart each time, find where it turns over instead of a second's worth of throttled ones;
    /// the pace the opening measured comes back with the first start accepted.
    /// </summary>
    internal sealed class UsedUpLimit
    {
        private double? _paceToResume;
        private TimeSpan _openingEnded;
        private TimeSpan _lastHalved;
        private int _halvings;

        /// <summary>Whether no start made since the opening has been accepted yet.</summary>
        public bool Waiting => _paceToResume.HasValue;

        public void OpeningEnded(TimeSpan now, double pace)
        {
            _paceToResume = pace;
            _openingEnded = _lastHalved = now;
            _halvings = 0;
        }

        /// <summary>A throttle while waiting: the pace halves (once for the starts made at each pace). False once not waiting.</summary>
        public bool Throttled(TimeSpan now, TimeSpan sentAt, ref double pace)
        {
            if (!_paceToResume.HasValue) return false;
            if (sentAt >= _lastHalved)
            {
                pace = Math.Max(Math.Min(pace, PacingTuning.FirstPace), pace / 2);
                _lastHalved = now;
                _halvings++;
            }
            return true;
        }

        /// <summary>
        /// A start made since the opening was accepted: the pace it measured comes back. True when starts were
        /// throttled at two paces before that: the limit stayed used up until then, as a fixed window does until it turns
        /// over (a bucket refills at once), and what the opening got through in it is its quota.
        /// </summary>
        public bool Accepted(TimeSpan sentAt, ref double pace)
        {
            if (!_paceToResume.HasValue || sentAt < _openingEnded) return false;
            // Throttled at two paces at least: a bucket that merely refills slower than the opening's pace
            // (a second's bucket after its burst) lets the first halved one through.
            var turnedOver = _halvings >= 2;
            pace = Math.Max(pace, _paceToResume.Value);
            _paceToResume = null;
            return turnedOver;
        }
    }
}
