using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Client
{
    /// <summary>
    /// The gate of one run (one cmdlet call): a fixed number of requests in flight, started at the
    /// pace the <see cref="RatePacer"/> has learnt, and closed for good when the
    /// <see cref="RunBreaker"/> trips. Also keeps the time of the last accepted answer, so that
    /// throttled ids fail only when the whole run has stalled.
    /// </summary>
    internal sealed class RequestGate : IRequestGate
    {
        public const int DefaultConcurrency = 8;

        /// <summary>How long a run may be throttled with nothing getting through before its throttled ids fail.</summary>
        public const int DefaultThrottleTimeoutSeconds = 300;

        private readonly ConcurrencyLimiter _limiter;
        private readonly RunBreaker _breaker = new RunBreaker();
        private RunHaltedException _stopped;
        private readonly CancellationTokenSource _halt = new CancellationTokenSource();
        private readonly Func<TimeSpan> _now;
        private long _lastProgressTicks;

        public RequestGate(int concurrency, double? maxRequestsPerSecond = null, TimeSpan? throttleTimeout = null, Func<TimeSpan> now = null)
        {
            if (now == null)
            {
                var watch = Stopwatch.StartNew();
                now = () => watch.Elapsed;
            }
            _now = now;
            _limiter = new ConcurrencyLimiter(concurrency);
            Pacer = new RatePacer(maxRequestsPerSecond, now);
            ThrottleTimeout = throttleTimeout ?? TimeSpan.FromSeconds(DefaultThrottleTimeoutSeconds);
            _lastProgressTicks = now().Ticks;
        }

        public RatePacer Pacer { get; }
        public int Concurrency => _limiter.Limit;
        public int InFlight => _limiter.InFlight;
        public TimeSpan ThrottleTimeout { get; }

        /// <summary>Why the run stopped sending; null while it has not.</summary>
        public RunHaltedException Halted => Volatile.Read(ref _stopped);

        public bool ThrottledTooLong => _now() - TimeSpan.FromTicks(Interlocked.Read(ref _lastProgressTicks)) > ThrottleTimeout;

        public async Task<IRequestAdmission> EnterAsync(CancellationToken cancellationToken)
        {
            ThrowIfHalted();
            var place = await _limiter.EnterAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var wait = Pacer.Reserve();
                if (wait > TimeSpan.Zero)
                {
                    using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _halt.Token))
                    {
                        try
                        {
                            await Task.Delay(wait, either.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                        {
                            // Halted while waiting for the start slot.
                        }
                    }
                }
                ThrowIfHalted();
                return new Admission(this, place, _now());
            }
            catch
            {
                place.Dispose();
                throw;
            }
        }

        public void CallEnded(QianfanServiceException failure)
        {
            var halt = _breaker.Record(failure);
            if (halt != null) StopSending(halt);
        }

        /// <summary>
        /// No request starts after this: waiters and later callers get <paramref name="reason"/>, requests
        /// already sent finish. The first reason stays.
        /// </summary>
        public void StopSending(RunHaltedException reason)
        {
            if (Interlocked.CompareExchange(ref _stopped, reason, null) != null) return;
            _limiter.Close(reason);
            _halt.Cancel();
        }

        private void ThrowIfHalted()
        {
            var halted = Volatile.Read(ref _stopped);
            if (halted != null) throw halted;
        }

        private void Progressed() => Interlocked.Exchange(ref _lastProgressTicks, _now().Ticks);

        private sealed class Admission : IRequestAdmission
        {
            private readonly RequestGate _gate;
            private readonly TimeSpan _sentAt;
            private IDisposable _place;

            public Admission(RequestGate gate, IDisposable place, TimeSpan sentAt)
            {
                _gate = gate;
                _place = place;
                _sentAt = sentAt;
            }

            public void Accepted()
            {
                _gate.Progressed();
                _gate.Pacer.OnAccepted();
            }

            public void Throttled() => _gate.Pacer.OnThrottled(_sentAt);

            public void ServiceLimit(double requestsPerMinute) => _gate.Pacer.OnServiceLimit(requestsPerMinute);

            public void Dispose() => Interlocked.Exchange(ref _place, null)?.Dispose();
        }
    }
}
