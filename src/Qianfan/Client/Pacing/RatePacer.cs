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

        /// <summary>
        /// The share of throttled answers among the last <see cref="RecentAnswers"/> that justifies a cut,
        /// doubled for each cut since the last clean spell. A rate limit stops throttling once the pace is below it, and the
        /// spell comes; throttling that does not follow the pace (a busy backend refusing some requests
        /// at random) keeps coming, and the doubling bar stops the cuts from driving the pace to nothing.
        /// </summary>
        internal const double CutShare = 0.02;

        /// <summary>The bar never rises above this: when most answers are throttles, slowing down is always right.</summary>
        internal const double MaxCutShare = 0.5;

        internal const int RecentAnswers = 20;

        /// <summary>No cut on less evidence than this many recent answers, unless this many of them were throttles.</summary>
        internal const int EvidenceAnswers = 10;
        internal const int EvidenceThrottles = 3;

        /// <summary>
        /// A first throttle with at least this share of the recent answers throttled means the run hit the
        /// service's limit head on: its rate is measured from what got through. Below it the service only
        /// refuses some requests, and the pace is cut gently from what was being sent.
        /// </summary>
        internal const double HardLimitShare = 0.2;

        /// <summary>Answers in a row with no throttle that make a clean spell (at least a second long too).</summary>
        internal const int CleanSpellAnswers = 50;
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

        private readonly object _lock = new object();
        private readonly Func<TimeSpan> _now;
        private readonly Queue<TimeSpan> _sends = new Queue<TimeSpan>();
        private long _sendCount;
        private readonly Queue<TimeSpan> _accepted = new Queue<TimeSpan>();
        private readonly bool[] _recent = new bool[RecentAnswers];
        private int _recentCount;
        private int _recentNext;
        private int _cutsSinceCleanSpell;
        private int _answersSinceThrottle;
        private TimeSpan _lastThrottle = TimeSpan.MinValue;
        private TimeSpan? _firstStart;
        private readonly double? _userCeiling;
        private double? _serviceCeiling;
        private double? _learnt;
        private double _peak;
        private double _cubicOffsetSeconds;
        private TimeSpan _lastCut = TimeSpan.MinValue;
        private TimeSpan? _calibrating;
        private int _acceptedBeforeFirstCut;
        private TimeSpan _lastStart = TimeSpan.MinValue;
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

        /// <summary>
        /// Starts a request now if the pace allows, or says how long until it will; ask again then,
        /// since the rate may have changed meanwhile. One caller at a time should wait for a start.
        /// </summary>
        /// <param name="ticket">The number of this start in the run, 1 for the first; hand it back with a throttle.</param>
        public bool TryStart(out TimeSpan wait, out long ticket)
        {
            lock (_lock)
            {
                var now = _now();
                var rate = EffectiveRate();
                ticket = 0;
                if (rate.HasValue)
                {
                    var interval = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate.Value));
                    var slot = _lastStart == TimeSpan.MinValue ? now : _lastStart + interval;
                    if (slot > now + Tolerance)
                    {
                        wait = slot - now;
                        return false;
                    }
                    // Keep the average when a timer wakes late, but bank no credit over an idle spell.
                    _lastStart = now - slot > interval ? now : slot;
                    _sum += rate.Value;
                    _samples++;
                    if (!LowestRate.HasValue || rate.Value < LowestRate.Value) LowestRate = rate.Value;
                }
                else
                {
                    _lastStart = now;
                }
                Record(_sends, now, now);
                if (!_firstStart.HasValue) _firstStart = now;
                ticket = ++_sendCount;
                wait = TimeSpan.Zero;
                return true;
            }
        }

        /// <summary>An answer that was not a throttle to a request started at <paramref name="sentAt"/>: the service accepted it.</summary>
        public void OnAccepted(TimeSpan sentAt)
        {
            lock (_lock)
            {
                var now = _now();
                Record(_accepted, now, now);
                Remember(throttled: false);
                _answersSinceThrottle++;
                if (_calibrating.HasValue)
                {
                    if (sentAt < _calibrating.Value) _acceptedBeforeFirstCut++;
                    else FinishCalibration(now);
                    return;
                }
                if (_learnt.HasValue) Grow(now);
            }
        }

        /// <summary>An accepted answer to a request sent long ago (for callers that do not track start times).</summary>
        public void OnAccepted() => OnAccepted(TimeSpan.MinValue);

        /// <summary>
        /// A throttled answer to a request started at <paramref name="sentAt"/> with
        /// <paramref name="ticket"/> from <see cref="TryStart"/>. Requests sent before the last
        /// cut were sent at the old rate, so their throttles do not cut again.
        /// </summary>
        public void OnThrottled(TimeSpan sentAt, long ticket = 0)
        {
            lock (_lock)
            {
                ThrottledCount++;
                var now = _now();
                Remember(throttled: true);
                if (_answersSinceThrottle >= CleanSpellAnswers && (_lastThrottle == TimeSpan.MinValue || now - _lastThrottle >= Window))
                    _cutsSinceCleanSpell = 0;
                _answersSinceThrottle = 0;
                _lastThrottle = now;
                if (_calibrating.HasValue)
                {
                    if (sentAt >= _calibrating.Value) FinishCalibration(now);
                    return;
                }
                // Throttles of requests sent at the old rate, or so soon after the cut that the service's
                // bucket had not refilled, say nothing new.
                if (sentAt < _lastCut + Grace()) return;
                Trim(_sends, now);
                Trim(_accepted, now);
                var throttledRecently = ThrottledRecently();
                if (_recentCount < EvidenceAnswers && throttledRecently < EvidenceThrottles) return;
                var share = throttledRecently / (double)_recentCount;
                if (share < Math.Min(MaxCutShare, CutShare * Math.Pow(2, _cutsSinceCleanSpell))) return;
                _cutsSinceCleanSpell++;
                var accepted = _accepted.Count / Window.TotalSeconds;
                var sent = _sends.Count / Window.TotalSeconds;
                double basis;
                double cut;
                if (!_learnt.HasValue && share < HardLimitShare)
                {
                    // Some requests refused, most not: slow down a little from what was actually being sent.
                    basis = SendRate(now);
                    cut = GentleCut;
                }
                else if (!_learnt.HasValue)
                {
                    // First throttle: what the service let through in the last second is the best guess at
                    // its rate, but a gateway's 429 comes back before the answers of the requests it let
                    // through. So pace provisionally by the starts before this one, and settle the rate
                    // once the answers to the requests sent before now are in (FinishCalibration).
                    var startsBefore = ticket > 0 ? Math.Max(0, Math.Min(_sends.Count, ticket - 1 - (_sendCount - _sends.Count))) : 0;
                    basis = Math.Max(accepted, startsBefore / Window.TotalSeconds);
                    if (basis <= 0) basis = sent / 2;
                    var ceiling = Ceiling();
                    if (ceiling.HasValue) basis = Math.Min(basis, ceiling.Value);
                    cut = GentleCut;
                    _calibrating = now;
                    _acceptedBeforeFirstCut = _accepted.Count;
                }
                else
                {
                    // Growth is already held to twice what is sent, so the rate itself is what was being sent.
                    basis = EffectiveRate() ?? accepted;
                    var throttledAgain = now - _lastCut < TimeSpan.FromSeconds(2) && accepted > 0;
                    if (throttledAgain) basis = Math.Min(basis, accepted);
                    cut = throttledAgain ? SteepCut : GentleCut;
                }
                basis = Math.Max(MinimumRate, basis);
                _peak = basis;
                _learnt = Math.Max(MinimumRate, basis * cut);
                _cubicOffsetSeconds = Math.Pow((1 - cut) / CubicScale, 1.0 / 3);
                _lastCut = now;
            }
        }

        /// <summary>
        /// The first answer to a request sent after the first throttle: by now the requests sent before it
        /// have been answered, and those the service accepted in the second before it measure its rate.
        /// </summary>
        private void FinishCalibration(TimeSpan now)
        {
            _calibrating = null;
            var basis = _acceptedBeforeFirstCut > 0 ? _acceptedBeforeFirstCut / Window.TotalSeconds : _peak;
            var ceiling = Ceiling();
            if (ceiling.HasValue) basis = Math.Min(basis, ceiling.Value);
            _peak = Math.Max(MinimumRate, basis);
            _learnt = Math.Max(MinimumRate, _peak * GentleCut);
            _cubicOffsetSeconds = Math.Pow((1 - GentleCut) / CubicScale, 1.0 / 3);
            _lastCut = now;
        }

        /// <summary>Below this share of the published limit left, pace to the limit.</summary>
        internal const double LowRemainingShare = 0.2;

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
                if (_serviceCeiling.HasValue || !remaining.HasValue || remaining.Value <= requestsPerMinute * LowRemainingShare)
                    _serviceCeiling = requestsPerMinute / 60.0;
            }
        }

        private void Remember(bool throttled)
        {
            _recent[_recentNext] = throttled;
            _recentNext = (_recentNext + 1) % RecentAnswers;
            if (_recentCount < RecentAnswers) _recentCount++;
        }

        private int ThrottledRecently()
        {
            var throttled = 0;
            for (var i = 0; i < _recentCount; i++)
                if (_recent[i]) throttled++;
            return throttled;
        }

        /// <summary>Starts per second over the last second, or over the run's life when it is younger.</summary>
        private double SendRate(TimeSpan now)
        {
            Trim(_sends, now);
            var span = Math.Min(Window.TotalSeconds, Math.Max(0.05, (now - (_firstStart ?? now)).TotalSeconds));
            return _sends.Count / span;
        }

        private TimeSpan Grace()
        {
            var rate = EffectiveRate();
            return rate.HasValue && _lastCut != TimeSpan.MinValue ? TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate.Value)) : TimeSpan.Zero;
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
