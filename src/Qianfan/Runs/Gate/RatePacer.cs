using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Spaces the starts of a run's requests to the pace its <see cref="PaceController"/> learns from
    /// what the service accepts (<see cref="AcceptanceEstimate"/>), never above a ceiling set by the
    /// user or published by the service. Thread-safe; time is supplied, so tests need not sleep.
    /// </summary>
    internal sealed class RatePacer
    {
        private readonly object _lock = new object();
        private readonly IClock _clock;
        private readonly AcceptanceEstimate _estimate = new AcceptanceEstimate();
        private readonly PaceController _controller;
        private readonly StartSpacer _spacer = new StartSpacer();
        private readonly double? _userCeiling;
        private double? _serviceCeiling;
        private bool _waited;
        private double _sum;
        private long _samples;

        /// <param name="maxPerSecond">A ceiling set by the user; null for none.</param>
        /// <param name="clock">What starts and answers are timed with (its monotonic <see cref="IClock.Elapsed"/>).</param>
        public RatePacer(double? maxPerSecond, IClock clock)
        {
            if (maxPerSecond.HasValue && !(maxPerSecond.Value > 0)) throw new ArgumentOutOfRangeException(nameof(maxPerSecond));
            _userCeiling = maxPerSecond;
            _clock = clock ?? throw new ArgumentNullException(nameof(clock));
            _controller = new PaceController(_estimate);
        }

        /// <summary>The rate requests start at now, or null while unpaced.</summary>
        public double? CurrentRate
        {
            get { lock (_lock) return EffectiveRate(_clock.Elapsed); }
        }

        /// <summary>The service's limit as last measured, or null before any measurement.</summary>
        public double? MeasuredLimit
        {
            get { lock (_lock) return _controller.Limit; }
        }

        /// <summary>What the pace is doing now.</summary>
        public PaceMode Mode
        {
            get { lock (_lock) return _controller.Mode; }
        }

        /// <summary>The lowest rate the run was paced at, or null if it never was.</summary>
        public double? LowestRate { get; private set; }

        /// <summary>The average rate over every start that was paced (what the run settled at), or null.</summary>
        public double? AveragePacedRate
        {
            get { lock (_lock) return _samples == 0 ? (double?)null : _sum / _samples; }
        }

        public int ThrottledCount { get; private set; }

        /// <summary>
        /// Starts a request now if the pace allows, or says how long until it will; ask again then,
        /// since the rate may have changed meanwhile. One caller at a time should wait for a start.
        /// </summary>
        public bool TryStart(out TimeSpan wait)
        {
            lock (_lock)
            {
                var now = _clock.Elapsed;
                // A ceiling set by the user says what the service takes: its spacing is the opening.
                wait = _userCeiling.HasValue ? TimeSpan.Zero : _controller.OpeningWait(now);
                if (wait > TimeSpan.Zero) return false;
                var rate = EffectiveRate(now);
                if (!_spacer.TryStart(now, rate, out wait))
                {
                    _waited = true;
                    return false;
                }
                if (_waited) _controller.StartedAtPace(now);
                _waited = false;
                if (rate.HasValue)
                {
                    _sum += rate.Value;
                    _samples++;
                    if (!LowestRate.HasValue || rate.Value < LowestRate.Value) LowestRate = rate.Value;
                }
                _estimate.Started(now);
                return true;
            }
        }

        /// <summary>An answer that was not a throttle to a request started at <paramref name="sentAt"/>: the service accepted it.</summary>
        public void OnAccepted(TimeSpan sentAt)
        {
            lock (_lock)
            {
                var now = _clock.Elapsed;
                _estimate.Answered(now, sentAt, throttled: false);
                _controller.Accepted(now, sentAt);
            }
        }

        /// <summary>An accepted answer to a request sent long ago (for callers that do not track start times).</summary>
        public void OnAccepted() => OnAccepted(TimeSpan.MinValue);

        /// <summary>A throttled answer to a request started at <paramref name="sentAt"/>.</summary>
        public void OnThrottled(TimeSpan sentAt)
        {
            lock (_lock)
            {
                ThrottledCount++;
                var now = _clock.Elapsed;
                _estimate.Answered(now, sentAt, throttled: true);
                _controller.Throttled(now, sentAt);
            }
        }

        /// <summary>
        /// The service's published limit (X-Ratelimit-Limit-Requests, per minute) and what is left of it.
        /// While plenty is left the run goes as fast as it can; once the rest runs low, or when the
        /// service does not say, it never starts faster than the limit allows on average, before any throttle.
        /// </summary>
        public void OnServiceLimit(double requestsPerMinute, double? remaining = null)
        {
            if (!(requestsPerMinute > 0)) return;
            lock (_lock)
            {
                if (_serviceCeiling.HasValue || !remaining.HasValue || remaining.Value <= requestsPerMinute * PacingTuning.LowRemainingShare)
                    _serviceCeiling = requestsPerMinute / 60.0;
            }
        }

        private double? EffectiveRate(TimeSpan now)
        {
            var ceiling = Ceiling();
            var pace = _controller.Pace(now);
            if (!pace.HasValue) return ceiling;
            return ceiling.HasValue ? Math.Min(ceiling.Value, pace.Value) : pace;
        }

        private double? Ceiling()
        {
            if (_userCeiling.HasValue && _serviceCeiling.HasValue) return Math.Min(_userCeiling.Value, _serviceCeiling.Value);
            return _userCeiling ?? _serviceCeiling;
        }
    }
}
