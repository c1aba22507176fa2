using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A clock that moves only when told to, or by the waits made on it: a wait is recorded, moves the
    /// time on by its length and returns at once, so a test asserts how long the code waited instead of waiting.
    /// </summary>
    internal sealed class FakeClock : IClock
    {
        private readonly object _lock = new object();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private DateTimeOffset _now;

        public FakeClock(DateTimeOffset? start = null)
        {
            Start = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
            _now = Start;
        }

        public DateTimeOffset Start { get; }

        public DateTimeOffset UtcNow
        {
            get { lock (_lock) return _now; }
        }

        /// <summary>Every wait asked for, in order.</summary>
        public IReadOnlyList<TimeSpan> Delays
        {
            get { lock (_lock) return _delays.ToArray(); }
        }

        /// <summary>How much later than asked each wait ends: about 15.6 ms plays a Windows timer.</summary>
        public TimeSpan WakeLateness { get; set; }

        public void Advance(TimeSpan by)
        {
            lock (_lock) _now += by;
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_lock)
            {
                _delays.Add(delay);
                _now += delay + WakeLateness;
            }
            return Task.CompletedTask;
        }
    }
}
