using System;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// The gate of one run (one cmdlet call): a fixed number of requests in flight, started at the
    /// pace the <see cref="RatePacer"/> has learnt, and closed for good when the
    /// <see cref="RunBreaker"/> trips, when attempts in a row get no answer
    /// (<see cref="UnansweredAttempts"/>: first to new ids, then to all), or, for a run that stops at
    /// its first failure, when a call fails. Also keeps the time of the last accepted answer, so that
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
        private readonly UnansweredAttempts _unanswered;
        private readonly bool _stopsAtFirstFailure;
        private RunHaltedException? _stopped;
        private int _closedToAll;
        private readonly CancellationTokenSource _halt = new CancellationTokenSource();
        private readonly SemaphoreSlim _paceLine = new SemaphoreSlim(1, 1);
        private readonly IClock _clock;
        private long _lastProgressTicks;

        /// <param name="clock">What pacing waits on and measures with (its monotonic <see cref="IClock.Elapsed"/>); the machine's by default, a hand-driven one in tests.</param>
        /// <param name="stopsAtFirstFailure">
        /// A call that fails (other than in a way its caller takes as done) stops the run before its place is
        /// freed, so that no request starts after it: -ErrorAction Stop.
        /// </param>
        internal RequestGate(int concurrency, double? maxRequestsPerSecond = null, TimeSpan? throttleTimeout = null, IClock? clock = null,
            bool stopsAtFirstFailure = false)
        {
            _clock = clock ?? SystemClock.Instance;
            _limiter = new ConcurrencyLimiter(concurrency);
            _unanswered = new UnansweredAttempts(concurrency);
            _stopsAtFirstFailure = stopsAtFirstFailure;
            Pacer = new RatePacer(maxRequestsPerSecond, _clock);
            ThrottleTimeout = throttleTimeout ?? TimeSpan.FromSeconds(DefaultThrottleTimeoutSeconds);
            _lastProgressTicks = _clock.Elapsed.Ticks;
        }

        public RatePacer Pacer { get; }
        public int Concurrency => _limiter.Limit;
        public int InFlight => _limiter.InFlight;
        public TimeSpan ThrottleTimeout { get; }

        /// <summary>Why the run stopped sending (to new ids at least); null while it has not.</summary>
        public RunHaltedException? Halted => Volatile.Read(ref _stopped);

        /// <summary>Cancelled when the run stops sending, so that work pausing between requests can end at once.</summary>
        public CancellationToken HaltToken => _halt.Token;

        public bool ThrottledTooLong => _clock.Elapsed - TimeSpan.FromTicks(Interlocked.Read(ref _lastProgressTicks)) > ThrottleTimeout;

        public async Task<IRequestAdmission> EnterAsync(CancellationToken cancellationToken, bool retry = false)
        {
            ThrowIfClosedTo(retry);
            var place = await _limiter.EnterAsync(cancellationToken, retry).ConfigureAwait(false);
            try
            {
                await StartAtPaceAsync(cancellationToken).ConfigureAwait(false);
                // The run may have stopped while this one waited for its start.
                ThrowIfClosedTo(retry);
                return new Admission(this, place, _clock.Elapsed, retry);
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
        private async Task StartAtPaceAsync(CancellationToken cancellationToken)
        {
            // A look at the line, not a wait: it returns at once, so there is nothing to cancel.
            var holding = _paceLine.Wait(0, CancellationToken.None);
            try
            {
                if (holding && Pacer.TryStart(out _)) return;
                using (var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _halt.Token))
                {
                    try
                    {
                        if (!holding)
                        {
                            await _paceLine.WaitAsync(either.Token).ConfigureAwait(false);
                            holding = true;
                        }
                        while (!Pacer.TryStart(out var wait))
                            await _clock.Delay(wait, either.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        // The run stopped sending while this request waited for its start.
                        ThrowIfClosedTo(retry: true);
                        throw;
                    }
                }
            }
            finally
            {
                if (holding) _paceLine.Release();
            }
        }

        public void CallEnded(QianfanServiceException? failure, bool takenAsDone = false)
        {
            // A call that ended is no longer waiting to learn whether the endpoint answers (see AttemptUnanswered).
            _limiter.ReleaseFirstAttempts();
            var halt = _breaker.Record(failure);
            if (halt != null) StopSending(halt);
            else if (failure != null && !takenAsDone && _stopsAtFirstFailure) StopSending(RunHaltedException.AtFirstFailure(failure));
        }

        /// <summary>An id failed, perhaps in a way no single call shows (a wait that ran out, an id refused unsent): a run that stops at its first failure stops.</summary>
        public void IdFailed()
        {
            if (_stopsAtFirstFailure) StopSending(new RunHaltedException("an id failed under -ErrorAction Stop"));
        }

        /// <summary>
        /// No request starts after this: waiters and later callers get the first reason the run stopped
        /// for (<paramref name="reason"/> unless it had already stopped for new ids), requests already sent finish.
        /// </summary>
        public void StopSending(RunHaltedException reason)
        {
            Interlocked.CompareExchange(ref _stopped, reason, null);
            if (Interlocked.Exchange(ref _closedToAll, 1) != 0) return;
            _limiter.Close(Volatile.Read(ref _stopped)!);
            _halt.Cancel();
        }

        /// <summary>No new id starts after this; the retries of the ids under way still go. <see cref="Halted"/> says why.</summary>
        private void StopStartingNewIds(RunHaltedException reason)
        {
            if (Interlocked.CompareExchange(ref _stopped, reason, null) != null) return;
            _limiter.CloseToFirstAttempts(reason);
        }

        /// <summary>
        /// An attempt got no answer in time. Until an answer comes (or a call ends), new ids wait, so that
        /// the places it and the others timing out with it free go to their retries, not to more ids that
        /// would wait out the same timeout; a round of them closes the run to new ids, a retry more to all.
        /// </summary>
        private void AttemptUnanswered(bool retry, QianfanServiceException failure)
        {
            _limiter.HoldFirstAttempts();
            switch (_unanswered.TimedOut(retry, out var attempts))
            {
                case SilenceVerdict.StartNoNewIds:
                    StopStartingNewIds(RunHaltedException.Unanswered(attempts, failure));
                    break;
                case SilenceVerdict.StopSending:
                    StopSending(RunHaltedException.Unanswered(attempts, failure));
                    break;
            }
        }

        private void Answered()
        {
            _unanswered.Answered();
            _limiter.ReleaseFirstAttempts();
        }

        private void ThrowIfClosedTo(bool retry)
        {
            var halted = Volatile.Read(ref _stopped);
            if (halted != null && (!retry || Volatile.Read(ref _closedToAll) != 0)) throw halted.ForCaller();
        }

        private void Progressed() => Interlocked.Exchange(ref _lastProgressTicks, _clock.Elapsed.Ticks);

        private sealed class Admission : IRequestAdmission
        {
            private readonly RequestGate _gate;
            private readonly TimeSpan _sentAt;
            private readonly bool _retry;
            private IDisposable? _place;

            public Admission(RequestGate gate, IDisposable place, TimeSpan sentAt, bool retry)
            {
                _gate = gate;
                _place = place;
                _sentAt = sentAt;
                _retry = retry;
            }

            public void Accepted()
            {
                _gate.Answered();
                _gate.Progressed();
                _gate.Pacer.OnAccepted(_sentAt);
            }

            public void Throttled()
            {
                _gate.Answered();
                _gate.Pacer.OnThrottled(_sentAt);
            }

            public void Unanswered(QianfanServiceException timeout) => _gate.AttemptUnanswered(_retry, timeout);

            public void ServiceLimit(double requestsPerMinute, double? remaining) => _gate.Pacer.OnServiceLimit(requestsPerMinute, remaining);

            public void Dispose() => Interlocked.Exchange(ref _place, null)?.Dispose();
        }
    }
}
