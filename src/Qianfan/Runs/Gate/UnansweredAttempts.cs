using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>What a run does after an attempt that got no answer in time.</summary>
    internal enum SilenceVerdict
    {
        GoOn,

        /// <summary>A round of attempts in a row got no answer: start no new id, let the ids under way retry.</summary>
        StartNoNewIds,

        /// <summary>A retry got no answer either: send nothing more.</summary>
        StopSending,
    }

    /// <summary>
    /// Counts attempts in a row that got no answer within the attempt timeout, with no answer of any
    /// kind between them. Requests in flight together time out together, so a round of them (as many
    /// as the places in flight, at most <see cref="RunBreaker.Threshold"/>) says the endpoint is silent:
    /// new ids would only wait out the same timeout. A retry that then gets no answer either says it
    /// stays silent. A silent endpoint so costs about two attempt timeouts, not every id's attempts one
    /// round after another.
    /// </summary>
    internal sealed class UnansweredAttempts
    {
        private readonly object _lock = new object();
        private int _inARow;

        public UnansweredAttempts(int concurrency)
        {
            if (concurrency < 1) throw new ArgumentOutOfRangeException(nameof(concurrency));
            Round = Math.Min(RunBreaker.Threshold, concurrency);
        }

        /// <summary>How many attempts in a row without an answer make a round.</summary>
        public int Round { get; }

        /// <summary>An attempt timed out with no answer; <paramref name="retry"/> when it was not the call's first.</summary>
        public SilenceVerdict TimedOut(bool retry, out int attempts)
        {
            lock (_lock)
            {
                _inARow++;
                attempts = _inARow;
                // A retry that times out after a whole round did: the ids under way get no third attempt.
                if (retry && _inARow > Round) return SilenceVerdict.StopSending;
                return _inARow >= Round ? SilenceVerdict.StartNoNewIds : SilenceVerdict.GoOn;
            }
        }

        /// <summary>The service answered (whatever it said): the count starts again.</summary>
        public void Answered()
        {
            lock (_lock)
            {
                _inARow = 0;
            }
        }
    }
}
