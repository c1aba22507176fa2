using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// At most <see cref="Limit"/> requests in flight, admitted first come, first served so that ids
    /// queue in input order; a retry goes ahead of first attempts, so an id already under way finishes
    /// before later ids start (the ordered output waits for it anyway). Once closed, every waiter and every later caller gets the
    /// closing exception (a copy of its own) instead of a place; closed to first attempts only, retries are still admitted.
    /// While held, first attempts wait and retries go ahead.
    /// </summary>
    internal sealed class ConcurrencyLimiter
    {
        private readonly object _lock = new object();
        private readonly Queue<Waiter> _waiters = new Queue<Waiter>();
        private readonly Queue<Waiter> _retries = new Queue<Waiter>();
        private int _inFlight;
        private RunHaltedException? _closed;
        private RunHaltedException? _closedToFirstAttempts;
        private bool _holdingFirstAttempts;

        public ConcurrencyLimiter(int limit)
        {
            if (limit < 1) throw new ArgumentOutOfRangeException(nameof(limit));
            Limit = limit;
        }

        public int Limit { get; }

        public int InFlight
        {
            get { lock (_lock) return _inFlight; }
        }

        /// <summary>A place in flight; dispose it when the request has ended.</summary>
        /// <param name="retry">True for a later attempt of a call: it waits ahead of first attempts.</param>
        public Task<IDisposable> EnterAsync(CancellationToken cancellationToken, bool retry = false)
        {
            Waiter waiter;
            lock (_lock)
            {
                if (_closed != null) return Failed(_closed);
                if (!retry && _closedToFirstAttempts != null) return Failed(_closedToFirstAttempts);
                if (_inFlight < Limit && _retries.Count == 0 && (retry || (_waiters.Count == 0 && !_holdingFirstAttempts)))
                {
                    _inFlight++;
                    return Task.FromResult<IDisposable>(new Admission(this));
                }
                waiter = new Waiter(this, cancellationToken);
                (retry ? _retries : _waiters).Enqueue(waiter);
            }
            return waiter.Task;
        }

        /// <summary>First attempts wait from now on (a place that frees goes to a retry or stays free) until <see cref="ReleaseFirstAttempts"/>.</summary>
        public void HoldFirstAttempts()
        {
            lock (_lock) _holdingFirstAttempts = true;
        }

        /// <summary>Ends a hold: waiting first attempts are admitted as places allow.</summary>
        public void ReleaseFirstAttempts()
        {
            lock (_lock)
            {
                if (!_holdingFirstAttempts) return;
                _holdingFirstAttempts = false;
                AdmitWaiters();
            }
        }

        /// <summary>Refuses every waiting and later first attempt with <paramref name="reason"/>; retries are still admitted.</summary>
        public void CloseToFirstAttempts(RunHaltedException reason)
        {
            Waiter[] refused;
            lock (_lock)
            {
                if (_closed != null || _closedToFirstAttempts != null) return;
                _closedToFirstAttempts = reason ?? throw new ArgumentNullException(nameof(reason));
                refused = _waiters.ToArray();
                _waiters.Clear();
            }
            foreach (var waiter in refused) waiter.Refuse(reason.ForCaller());
        }

        /// <summary>Refuses every waiting and later caller with <paramref name="reason"/>; places already held stay valid.</summary>
        public void Close(RunHaltedException reason)
        {
            Waiter[] refused;
            lock (_lock)
            {
                if (_closed != null) return;
                _closed = reason ?? throw new ArgumentNullException(nameof(reason));
                refused = _retries.Concat(_waiters).ToArray();
                _retries.Clear();
                _waiters.Clear();
            }
            foreach (var waiter in refused) waiter.Refuse(reason.ForCaller());
        }

        private static Task<IDisposable> Failed(RunHaltedException reason)
        {
            var failed = new TaskCompletionSource<IDisposable>();
            failed.SetException(reason.ForCaller());
            return failed.Task;
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
            while (_inFlight < Limit && (_retries.Count > 0 || (_waiters.Count > 0 && !_holdingFirstAttempts)))
            {
                // A waiter cancelled meanwhile gives its turn to the next one.
                var next = _retries.Count > 0 ? _retries.Dequeue() : _waiters.Dequeue();
                if (next.TryAdmit()) _inFlight++;
            }
        }

        private sealed class Admission : IDisposable
        {
            private ConcurrencyLimiter? _owner;

            public Admission(ConcurrencyLimiter owner) => _owner = owner;

            public void Dispose() => Interlocked.Exchange(ref _owner, null)?.Release();
        }

        private sealed class Waiter
        {
            private readonly ConcurrencyLimiter _owner;
            private readonly TaskCompletionSource<IDisposable> _completion =
                new TaskCompletionSource<IDisposable>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly CancellationTokenRegistration _registration;

            public Waiter(ConcurrencyLimiter owner, CancellationToken cancellationToken)
            {
                _owner = owner;
                if (cancellationToken.CanBeCanceled)
                    _registration = cancellationToken.Register(() => _completion.TrySetCanceled());
            }

            public Task<IDisposable> Task => _completion.Task;

            public bool TryAdmit()
            {
                _registration.Dispose();
                return _completion.TrySetResult(new Admission(_owner));
            }

            public void Refuse(Exception reason)
            {
                _registration.Dispose();
                _completion.TrySetException(reason);
            }
        }
    }
}
