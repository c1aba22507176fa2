using System;
using System.Collections.Generic;

namespace Qianfan.Client
{
    /// <summary>
    /// Spaces the starts of a run's requests to a rate learnt from the service. Unpaced until the
    /// first throttle (or a ceiling); on a throttle the rate is cut below what was being sent and
    /// what the service accepted, then grows back along a cubic curve while answers are clean: flat
    /// near the rate that was throttled, steeper the longer no throttle comes (as TCP CUBIC and the
    /// AWS SDKs' adaptive retry mode do). Thread-safe; time is supplied, so tests need not sleep.
    /// </summary>
    internal sealed class RatePacer
    {
        /// <summary>The cut after a throttle that follows a quiet spell: close to the rate, since the service's own bucket absorbs small overshoots.</summary>
        internal const double GentleCut = 0.9;

        /// <summary>The cut when requests sent after the last cut are throttled again: that cut was not enough.</summary>
        internal const double SteepCut = 0.7;

        /// <summary>Cubic growth factor: back at the throttled rate about 4 s after a gentle cut, 10% above it 4 s later.</summary>
        internal const double CubicScale = 0.0016;

        internal const double MinimumRate = 0.05;
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

        private readonly object _lock = new object();
        private readonly Func<TimeSpan> _now;
        private readonly Queue<TimeSpan> _sends = new Queue<TimeSpan>();
        private readonly Queue<TimeSpan> _accepted = new Queue<TimeSpan>();
        private readonly double? _userCeiling;
        private double? _serviceCeiling;
        private double? _learnt;
        private double _peak;
        private double _cubicOffsetSeconds;
        private TimeSpan _lastCut = TimeSpan.MinValue;
        private TimeSpan _nextSlot;
        private double _sum;
        private long _samples;

        /// <param name="maxPerSecond">A ceiling set by the user; null for none.</param>
        /// <param name="now">Monotonic time since some fixed start.</param>
        public RatePacer(double? maxPerSecond, Func<TimeSpan> now)
        {
            if (maxPerSecond.HasValue && !(maxPerSecond.Value > 0)) throw new ArgumentOutOfRangeException(nameof(maxPerSecond));
            _userCeiling = maxPerSecond;
            _now = now ?? throw new ArgumentNullException(nameof(now));
        }

        /// <summary>The rate requests start at now, or null while unpaced.</summary>
        public double? CurrentRate
        {
            get { lock (_lock) return EffectiveRate(); }
        }

        /// <summary>The lowest rate the run was paced at, or null if it never was.</summary>
        public double? LowestRate { get; private set; }

        /// <summary>The average rate over every start that was paced (what the run settled at), or null.</summary>
        public double? AveragePacedRate
        {
            get { lock (_lock) return _samples == 0 ? (double?)null : _sum / _samples; }
        }

        public int ThrottledCount { get; private set; }

        /// <summary>Takes the next start slot and says how long to wait for it (zero when unpaced).</summary>
        public TimeSpan Reserve()
        {
            lock (_lock)
            {
                var now = _now();
                var rate = EffectiveRate();
                var slot = now;
                if (rate.HasValue)
                {
                    if (_nextSlot > slot) slot = _nextSlot;
                    _nextSlot = slot + TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate.Value));
                    _sum += rate.Value;
                    _samples++;
                    if (!LowestRate.HasValue || rate.Value < LowestRate.Value) LowestRate = rate.Value;
                }
                Record(_sends, slot, now);
                return slot - now;
            }
        }

        /// <summary>An answer that was not a throttle: the service accepted the request.</summary>
        public void OnAccepted()
        {
            lock (_lock)
            {
                var now = _now();
                Record(_accepted, now, now);
                if (_learnt.HasValue) Grow(now);
            }
        }

        /// <summary>
        /// A throttled answer to a request started at <paramref name="sentAt"/>. Requests sent before
        /// the last cut were sent at the old rate, so their throttles do not cut again.
        /// </summary>
        public void OnThrottled(TimeSpan sentAt)
        {
            lock (_lock)
            {
                ThrottledCount++;
                if (sentAt < _lastCut) return;
                var now = _now();
                Trim(_sends, now);
                Trim(_accepted, now);
                var accepted = _accepted.Count / Window.TotalSeconds;
                var sent = _sends.Count / Window.TotalSeconds;
                double basis;
                double cut;
                if (!_learnt.HasValue)
                {
                    // First throttle: what got through in the last second is the best guess at the service's rate.
                    basis = accepted > 0 ? accepted : sent / 2;
                    var ceiling = Ceiling();
                    if (ceiling.HasValue) basis = Math.Min(basis, ceiling.Value);
                    cut = GentleCut;
                }
                else
                {
                    basis = Math.Min(EffectiveRate() ?? double.MaxValue, sent > 0 ? sent : double.MaxValue);
                    var throttledAgain = now - _lastCut < TimeSpan.FromSeconds(2) && accepted > 0;
                    if (throttledAgain) basis = Math.Min(basis, accepted);
                    cut = throttledAgain ? SteepCut : GentleCut;
                }
                basis = Math.Max(MinimumRate, basis);
                _peak = basis;
                _learnt = Math.Max(MinimumRate, basis * cut);
                _cubicOffsetSeconds = Math.Pow((1 - cut) / CubicScale, 1.0 / 3);
                _lastCut = now;
                if (_nextSlot < now) _nextSlot = now;
            }
        }

        /// <summary>The service's published limit (X-Ratelimit-Limit-Requests, per minute): never start faster than it allows on average.</summary>
        public void OnServiceLimit(double requestsPerMinute)
        {
            if (!(requestsPerMinute > 0)) return;
            lock (_lock) _serviceCeiling = requestsPerMinute / 60.0;
        }

        private void Grow(TimeSpan now)
        {
            var t = (now - _lastCut).TotalSeconds - _cubicOffsetSeconds;
            var target = _peak * (1 + CubicScale * t * t * t);
            // Probing far past what is actually being sent would only hide the next throttle.
            var sent = _sends.Count / Window.TotalSeconds;
            if (sent > 0) target = Math.Min(target, Math.Max(_learnt.Value, 2 * sent));
            _learnt = Math.Max(MinimumRate, target);
        }

        private double? EffectiveRate()
        {
            var ceiling = Ceiling();
            if (!_learnt.HasValue) return ceiling;
            return ceiling.HasValue ? Math.Min(ceiling.Value, _learnt.Value) : _learnt;
        }

        private double? Ceiling()
        {
            if (_userCeiling.HasValue && _serviceCeiling.HasValue) return Math.Min(_userCeiling.Value, _serviceCeiling.Value);
            return _userCeiling ?? _serviceCeiling;
        }

        private static void Record(Queue<TimeSpan> times, TimeSpan at, TimeSpan now)
        {
            times.Enqueue(at);
            Trim(times, now);
        }

        private static void Trim(Queue<TimeSpan> times, TimeSpan now)
        {
            while (times.Count > 0 && now - times.Peek() > Window) times.Dequeue();
        }
    }
}
