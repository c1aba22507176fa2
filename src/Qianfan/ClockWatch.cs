using System;

namespace Qianfan
{
    /// <summary>How long something has taken, read from an <see cref="IClock"/>: a stopwatch on the module's one time seam.</summary>
    internal sealed class ClockWatch
    {
        private readonly IClock _clock;
        private readonly TimeSpan _started;

        private ClockWatch(IClock clock)
        {
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _started = clock.Elapsed;
        }

        public static ClockWatch StartNew(IClock clock) => new ClockWatch(clock);

        public TimeSpan Elapsed => _clock.Elapsed - _started;
    }
}
