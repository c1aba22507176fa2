using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// The one clock of the tests: it moves only when told to, or by the waits made on it. A wait is
    /// recorded, moves the time on by its length and returns at once, so a test asserts how long the
    /// code waited instead of waiting. <see cref="UtcNow"/> and <see cref="Elapsed"/> move together.
    /// </summary>
    internal sealed class FakeClock : IClock
    {
        private readonly object _lock = new object();
        private readonly List<TimeSpan> _delays = new List<TimeSpan>();
        private TimeSpan _elapsed;

        public FakeClock(DateTimeOffset? start = null)
        {
            Start = start ?? new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        }

        public DateTimeOffset Start { get; }

        public DateTimeOffset UtcNow
        {
            get { lock (_lock) return Start + _elapsed; }
        }

        public TimeSpan Elapsed
        {
            get { lock (_lock) return _elapsed; }
        }

        /// <summary>Every wait asked for, in order.</summary>
        public IReadOnlyList<TimeSpan> Delays
        {
            get { lock (_lock) return _delays.ToArray(); }
        }

        /// <summary>How much later than asked each wait ends: about 15.6 ms plays a Windows timer.</summary>
        public TimeSpan WakeLateness { get; set; }

        /// <summary>Runs as each wait begins, before it is recorded: to see what holds meanwhile, or to stop a run then.</summary>
        public Action? OnDelay { get; set; }

        /// <summary>Waits end only when cancelled, and the time stands still: for code that must be woken, not time out.</summary>
        public bool DelaysLastUntilCancelled { get; set; }

        public void Advance(TimeSpan by)
        {
            lock (_lock) _elapsed += by;
        }

        /// <summary>Moves the time on to <paramref name="elapsed"/> since the start; never back.</summary>
        public void AdvanceTo(TimeSpan elapsed)
        {
            lock (_lock)
            {
                if (elapsed < _elapsed) throw new InvalidOperationException($"The clock is at {_elapsed} and cannot go back to {elapsed}.");
                _elapsed = elapsed;
            }
        }

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken)
        {
            OnDelay?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            if (DelaysLastUntilCancelled)
            {
                lock (_lock) _delays.Add(delay);
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                cancellationToken.Register(() => cancelled.TrySetCanceled(cancellationToken));
                return cancelled.Task;
            }
            lock (_lock)
            {
                _delays.Add(delay);
                _elapsed += delay + WakeLateness;
            }
            return Task.CompletedTask;
        }
    }
}
