using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;

namespace Qianfan.Batch
{
    /// <summary>
    /// At most <see cref="CurrentLimit"/> HTTP attempts in flight. A 429 halves the limit (at most
    /// once per cool-down, so one burst counts once); each full round of clean answers raises it by
    /// one, back up to the configured maximum. A big run thus settles at what the service allows.
    /// </summary>
    public sealed class AdaptiveConcurrencyLimiter : IRequestGate
    {
        private static readonly TimeSpan DecreaseCooldown = TimeSpan.FromMilliseconds(250);

        private readonly object _lock = new object();
        private readonly Queue<Waiter> _waiters = new Queue<Waiter>();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastDecrease;
        private int _inFlight;
        private int _cleanSinceChange;

        public AdaptiveConcurrencyLimiter(int maxLimit)
        {
            if (maxLimit < 1) throw new ArgumentOutOfRangeException(nameof(maxLimit));
            MaxLimit = maxLimit;
            CurrentLimit = maxLimit;
        }

        public int MaxLimit { get; }
        public int CurrentLimit { get; private set; }
        public int LowestLimit { get; private set; } = int.MaxValue;
        public int ThrottleCount { get; private set; }

        public int InFlight
        {
            get { lock (_lock) return _inFlight; }
        }

        public Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
        {
            Waiter waiter;
            lock (_lock)
            {
                if (_inFlight < CurrentLimit && _waiters.Count == 0)
                {
                    _inFlight++;
                    return Task.FromResult<IDisposable>(new Admission(this));
                }
                waiter = new Waiter(this, cancellationToken);
                _waiters.Enqueue(waiter);
            }
            return waiter.Task;
        }

        public void ReportThrottled()
        {
            lock (_lock)
            {
                ThrottleCount++;
                _cleanSinceChange = 0;
                var now = _clock.Elapsed;
                if (_lastDecrease.HasValue && now - _lastDecrease.Value < DecreaseCooldown) return;
                _lastDecrease = now;
                CurrentLimit = Math.Max(1, CurrentLimit / 2);
                LowestLimit = Math.Min(LowestLimit, CurrentLimit);
            }
        }

        public void ReportClean()
        {
            lock (_lock)
            {
                if (CurrentLimit >= MaxLimit) return;
                if (++_cleanSinceChange < CurrentLimit) return;
                _cleanSinceChange = 0;
                CurrentLimit++;
                AdmitWaiters();
            }
        }

        private void Release()
        {
            lock (_lock)
            {
                _inFlight--;
                AdmitWaiters();
            }
        }

        // Called under the lock.
        private void AdmitWaiters()
        {
            while (_inFlight < CurrentLimit && _waiters.Count > 0)
            {
                var next = _waiters.Dequeue();
                if (next.TryAdmit()) _inFlight++;
            }
        }

        private sealed class Admission : IDisposable
        {
            private AdaptiveConcurrencyLimiter _owner;

            public Admission(AdaptiveConcurrencyLimiter owner) => _owner = owner;

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
        }

        private sealed class Waiter
        {
            private readonly AdaptiveConcurrencyLimiter _owner;
            private readonly TaskCompletionSource<IDisposable> _completion =
                new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly CancellationTokenRegistration _registration;

            public Waiter(AdaptiveConcurrencyLimiter owner, CancellationToken cancellationToken)
            {
                _owner = owner;
                if (cancellationToken.CanBeCanceled)
                    _registration = cancellationToken.Register(() => _completion.TrySetCanceled());
            }

            public Task<IDisposable> Task => _completion.Task;

            /// <summary>False when the waiter was cancelled meanwhile: its place goes to the next one.</summary>
            public bool TryAdmit()
            {
                _registration.Dispose();
                return _completion.TrySetResult(new Admission(_owner));
            }
        }
    }
}
