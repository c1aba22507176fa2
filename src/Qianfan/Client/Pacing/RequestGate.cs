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
    [SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable",
        Justification = "Neither field holds an OS handle here (no wait handle is asked of the semaphore, no timer or link on the source), " +
                        "and requests still finishing after the command call Cancel and Release: disposing them would make those calls throw.")]
    internal sealed class RequestGate : IRequestGate
    {
        public const int DefaultConcurrency = 8;

        /// <summary>How long a run may be throttled with nothing getting through before its throttled ids fail.</summary>
        public const int DefaultThrottleTimeoutSeconds = 300;

        private readonly ConcurrencyLimiter _limiter;
        private readonly RunBreaker _breaker = new RunBreaker();
        private RunHaltedException? _stopped;
        private readonly CancellationTokenSource _halt = new CancellationTokenSource();
        private readonly SemaphoreSlim _paceLine = new SemaphoreSlim(1, 1);
        private readonly Func<TimeSpan> _now;
        private readonly IClock _clock;
        private long _lastProgressTicks;

        /// <param name="clock">What pacing waits on and measures with; the machine's (monotonic) by default, a hand-driven one in tests.</param>
        internal RequestGate(int concurrency, double? maxRequestsPerSecond = null, TimeSpan? throttleTimeout = null, IClock? clock = null)
        {
            Func<TimeSpan> now;
            if (clock == null)
            {
                var watch = Stopwatch.StartNew();
                now = () => watch.Elapsed;
            }
            else
            {
                var start = clock.UtcNow;
                now = () => clock.UtcNow - start;
            }
            _now = now;
            _clock = clock ?? SystemClock.Instance;
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
        public RunHaltedException? Halted => Volatile.Read(ref _stopped);

        /// <summary>Cancelled when the run stops sending, so that work pausing between requests can end at once.</summary>
        public CancellationToken HaltToken => _halt.Token;

        public bool ThrottledTooLong => _now() - TimeSpan.FromTicks(Interlocked.Read(ref _lastProgressTicks)) > ThrottleTimeout;

        public async Task<IRequestAdmission> EnterAsync(CancellationToken cancellationToken, bool retry = false)
        {
            ThrowIfHalted();
            var place = await _limiter.EnterAsync(cancellationToken, retry).ConfigureAwait(false);
            try
            {
                var ticket = await StartAtPaceAsync(cancellationToken).ConfigureAwait(false);
                return new Admission(this, place, _now(), ticket);
            }
            catch
            {
                place.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Waits for the pacer to allow a start. Only the head of the line waits on the pacer, so a new
        /// rate applies to the very next start rather than to slots booked at the old one.
        /// </summary>
        private async Task<long> StartAtPaceAsync(CancellationToken cancellationToken)
        {
            // A look at the line, not a wait: it returns at once, so there is nothing to cancel.
            var holding = _paceLine.Wait(0, CancellationToken.None);
            try
            {
                if (holding && Pacer.TryStart(out _, out var ticket)) return ticket;
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _halt.Token))
                {
                    try
                    {
                        if (!holding)
                        {
                            await _paceLine.WaitAsync(either.Token).ConfigureAwait(false);
                            holding = true;
                        }
                        while (!Pacer.TryStart(out var wait, out ticket))
                            await _clock.Delay(wait, either.Token).ConfigureAwait(false);
                        return ticket;
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The run stopped sending while this request waited for its start.
                        ThrowIfHalted();
                        throw;
                    }
                }
            }
            finally
            {
                if (holding) _paceLine.Release();
            }
        }

        public void CallEnded(QianfanServiceException? failure)
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
            private readonly long _ticket;
            private IDisposable? _place;

            public Admission(RequestGate gate, IDisposable place, TimeSpan sentAt, long ticket)
            {
                _gate = gate;
                _place = place;
                _sentAt = sentAt;
                _ticket = ticket;
            }

            public void Accepted()
            {
                _gate.Progressed();
                _gate.Pacer.OnAccepted(_sentAt);
            }

            public void Throttled() => _gate.Pacer.OnThrottled(_sentAt);

            public void ServiceLimit(double requestsPerMinute, double? remaining) => _gate.Pacer.OnServiceLimit(requestsPerMinute, remaining);

            public void Dispose() => Interlocked.Exchange(ref _place, null)?.Dispose();
        }
    }
}
