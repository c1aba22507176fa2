using System;
using System.Collections.Generic;

namespace Qianfan.Client
{
    /// <summary>
    /// Spaces the starts of a run's requests to a rate learnt from the service. Unpaced until the
    /// first throttle (or a ceiling); on a throttle the rate is cut below what the service accepted,
    /// then grows back along a cubic curve while answers are clean: flat near the rate that was
    /// throttled, steeper the longer no throttle comes (as TCP CUBIC and the AWS SDKs' adaptive retry
    /// mode do). A limit hit head on is measured: once the service's bucket is empty, what it lets
    /// through between two throttles is its rate. A limit met again near the same rate is probed
    /// more and more slowly. Thread-safe; time is supplied, so tests need not sleep.
    /// </summary>
    internal sealed class RatePacer
    {
        /// <summary>The pace after a cut, as a share of what the service was accepting.</summary>
        internal const double Cut = 0.9;

        /// <summary>Cubic growth factor: back at the throttled rate about 4 s after a cut, 10% above it 4 s later.</summary>
        internal const double CubicScale = 0.0016;

        internal const double MinimumRate = 0.05;

        /// <summary>
        /// A throttle once the pace has grown back to this share of the last peak is the service's limit
        /// met again, not throttling that ignores the pace: the cut it brings does not raise the bar.
        /// </summary>
        internal const double RegrownShare = 0.97;

        /// <summary>
        /// Each time the limit is met again near the same rate, the climb above it slows by half, down to
        /// this many halvings: a limit that holds still is probed less and less often.
        /// </summary>
        internal const int MaxConfidence = 3;

        /// <summary>Limits met again within this share of the last peak count as the same limit.</summary>
        internal const double SameLimitShare = 0.15;

        /// <summary>The shortest spell between two cuts whose accepted answers measure the limit.</summary>
        internal static readonly TimeSpan MeasuringSpell = TimeSpan.FromSeconds(2);

        /// <summary>
        /// The share of throttled answers among the last <see cref="RecentAnswers"/> that justifies a cut,
        /// doubled for each cut in a row and halved again for every <see cref="BarEasing"/> without one.
        /// A rate limit stops throttling once the pace is below it; throttling that does not follow the
        /// pace (a busy backend refusing some requests at random) keeps coming, and the raised bar keeps
        /// the cuts from driving the pace to nothing.
        /// </summary>
        internal const double CutShare = 0.02;

        /// <summary>The bar never rises above this: when most answers are throttles, slowing down is always right.</summary>
        internal const double MaxCutShare = 0.5;

        internal const int RecentAnswers = 20;
        internal static readonly TimeSpan BarEasing = TimeSpan.FromSeconds(10);

        /// <summary>No cut on less evidence than this many recent answers, unless this many of them were throttles.</summary>
        internal const int EvidenceAnswers = 10;
        internal const int EvidenceThrottles = 3;

        /// <summary>
        /// At least this share of answers throttled around the first throttle means the run hit the
        /// service's limit head on: its rate is measured from what got through. Below it the service
        /// only refuses some requests, and the pace is cut from what was being sent.
        /// </summary>
        internal const double HardLimitShare = 0.2;

        /// <summary>
        /// Head on, the starts not yet throttled are only an upper bound of what got through: pace well
        /// under them while the answers after the throttle measure the service's rate.
        /// </summary>
        internal const double ProvisionalCut = 0.75;

        private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);

        private readonly object _lock = new object();
        private readonly Func<TimeSpan> _now;
        private readonly Queue<TimeSpan> _sends = new Queue<TimeSpan>();
        private readonly Queue<TimeSpan> _accepted = new Queue<TimeSpan>();
        private readonly bool[] _recent = new bool[RecentAnswers];
        private readonly double? _userCeiling;
        private double? _serviceCeiling;
        private double? _learnt;
        private double _peak;
        private double _cubicOffsetSeconds;
        private int _confidence;
        private long _acceptedTotal;
        private long _acceptedAtCut;
        private bool _throttledDuringClimb;
        private int _recentCount;
        private int _recentNext;
        private int _cutsInARow;
        private long _sendCount;
        private TimeSpan? _firstStart;
        private TimeSpan _lastStart = TimeSpan.MinValue;
        private TimeSpan _lastCut = TimeSpan.MinValue;
        private FirstThrottle? _first;
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
                _acceptedTotal++;
                Remember(throttled: false);
                if (_first != null)
                {
                    _first.Answered(sentAt, throttled: false);
                    if (_first.IsSettled(sentAt, now, throttled: false)) Settle(now, _first);
                    return;
                }
                if (_learnt is double learnt) Grow(now, learnt);
            }
        }

        /// <summary>An accepted answer to a request sent long ago (for callers that do not track start times).</summary>
        public void OnAccepted() => OnAccepted(TimeSpan.MinValue);

        /// <summary>
        /// A throttled answer to a request started at <paramref name="sentAt"/> with
        /// <paramref name="ticket"/> from <see cref="TryStart"/>.
        /// </summary>
        public void OnThrottled(TimeSpan sentAt, long ticket = 0)
        {
            lock (_lock)
            {
                ThrottledCount++;
                var now = _now();
                Remember(throttled: true);
                if (_first != null)
                {
                    _first.Answered(sentAt, throttled: true);
                    if (_first.IsSettled(sentAt, now, throttled: true)) Settle(now, _first);
                    else if (_first.HeadOn && sentAt >= _lastCut + Interval() && _learnt.HasValue) HalveWhileMeasuring(now, _first, _learnt.Value);
                    return;
                }
                // Throttles of requests sent at the old rate, or so soon after the cut that the service's
                // bucket had not refilled, say nothing new.
                if (_lastCut != TimeSpan.MinValue && sentAt < _lastCut + Interval()) return;
                var rateNow = EffectiveRate();
                if (rateNow.HasValue && !ClimbedBack(rateNow.Value)) _throttledDuringClimb = true;
                var throttled = ThrottledRecently();
                if (_recentCount < EvidenceAnswers && throttled < EvidenceThrottles) return;
                var share = throttled / (double)_recentCount;
                if (share < Bar(now)) return;

                Trim(_sends, now);
                Trim(_accepted, now);
                var accepted = _accepted.Count / RunSpan(now);
                if (!_learnt.HasValue)
                {
                    BeginFirstThrottle(now, share, ticket, sentAt);
                    return;
                }
                // The service was accepting about what got through in the last second; pace a little below
                // that, and let the cubic climb back towards it.
                var rate = rateNow ?? accepted;
                // Under ten answers in that second say too little to cut by more than the usual share.
                var limit = _accepted.Count >= EvidenceAnswers ? Math.Min(rate, accepted) : rate;
                // Only a throttle after a clean climb back: throttling that keeps coming while the pace is
                // under the last peak does not follow the pace, and what got through then measures nothing.
                var regrown = ClimbedBack(rate) && !_throttledDuringClimb;
                if (regrown)
                {
                    // Met again after climbing back: a bucket-like limit was empty at the last cut and is again
                    // now, so what it let through in between is its rate (a little under it if it overflowed).
                    var measured = MeasuredSinceLastCut(now);
                    if (measured.HasValue) limit = Math.Min(limit, measured.Value);
                    _confidence = Math.Abs(limit - _peak) <= _peak * SameLimitShare ? Math.Min(MaxConfidence, _confidence + 1) : 0;
                }
                else
                {
                    _confidence = 0;
                }
                CutTo(now, limit, limit * Cut, anotherCut: !regrown);
            }
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

        /// <summary>
        /// The first throttle. Either the run hit the service's limit head on, and what the service let
        /// through in the last second is its rate; or the service refuses only some requests, and the pace
        /// should drop a little from what was being sent. The answers to the requests still out tell which
        /// (a head-on limit throttles many of them), so pace provisionally now and settle once an accepted
        /// answer to a later request shows they are in. A gateway's 429 comes back before the answers of
        /// the requests it let through, so a head-on pace is guessed from the starts not yet throttled.
        /// </summary>
        private void BeginFirstThrottle(TimeSpan now, double share, long ticket, TimeSpan throttledSentAt)
        {
            var sent = _sends.Count / RunSpan(now);
            var headOn = share >= HardLimitShare;
            var startsBefore = ticket > 0 ? Math.Max(0, Math.Min(_sends.Count, ticket - 1 - (_sendCount - _sends.Count))) : 0;
            var provisional = headOn
                ? Math.Max(Math.Max(startsBefore, _sends.Count - ThrottledRecently()), _accepted.Count) / Window.TotalSeconds
                : sent;
            _first = new FirstThrottle(now, throttledSentAt, headOn, _accepted.Count, sent);
            CutTo(now, provisional, provisional * (headOn ? ProvisionalCut : Cut));
        }

        /// <summary>
        /// Still throttled head on at the provisional pace: it is far above the service's rate, and every
        /// start at it is another throttle. Halve it, but not below what the service is seen to let
        /// through, so that the measurement still sees the service's limit and not the pace.
        /// </summary>
        private void HalveWhileMeasuring(TimeSpan now, FirstThrottle first, double learnt)
        {
            var floor = Math.Max(first.MeasuredAfter ?? 0, first.AcceptedBefore / Window.TotalSeconds);
            var halved = Math.Max(floor, learnt / 2);
            if (halved >= learnt) return;
            _learnt = Math.Max(MinimumRate, halved);
            _lastCut = now;
        }

        private void Settle(TimeSpan now, FirstThrottle first)
        {
            _first = null;
            // Head on, the service's bucket was empty from the throttle on, so what it let through since is
            // its rate; with too few answers to say, what it let through before. With nothing let through
            // at all (a bucket drained by someone else), the provisional pace stands.
            var basis = !first.HeadOn ? first.SendRate
                : first.MeasuredAfter ?? (first.AcceptedBefore > 0 ? first.AcceptedBefore / Window.TotalSeconds : _peak);
            var ceiling = Ceiling();
            if (ceiling.HasValue) basis = Math.Min(basis, ceiling.Value);
            CutTo(now, basis, basis * Cut, anotherCut: false);
        }

        private void CutTo(TimeSpan now, double peak, double rate, bool anotherCut = true)
        {
            _peak = Math.Max(MinimumRate, peak);
            _learnt = Math.Max(MinimumRate, Math.Min(rate, _peak));
            _cubicOffsetSeconds = Math.Pow(Math.Max(0, 1 - _learnt.Value / _peak) / CubicScaleNow, 1.0 / 3);
            if (anotherCut) _cutsInARow = Math.Min(10, EasedCuts(now) + 1);
            _lastCut = now;
            _acceptedAtCut = _acceptedTotal;
            _throttledDuringClimb = false;
        }

        /// <summary>The cubic's growth factor: halved for each time the limit was met again near the same rate.</summary>
        private double CubicScaleNow => CubicScale / (1 << _confidence);

        /// <summary>Whether the pace has grown back to the last peak, where the limit was met.</summary>
        private bool ClimbedBack(double rate) => rate >= _peak * RegrownShare;

        /// <summary>The throttled share a cut needs now.</summary>
        private double Bar(TimeSpan now) => Math.Min(MaxCutShare, CutShare * Math.Pow(2, EasedCuts(now)));

        private int EasedCuts(TimeSpan now)
        {
            if (_lastCut == TimeSpan.MinValue) return 0;
            var eased = (int)Math.Min(_cutsInARow, Math.Floor((now - _lastCut).Ticks / (double)BarEasing.Ticks));
            return _cutsInARow - eased;
        }

        private TimeSpan Interval()
        {
            var rate = EffectiveRate();
            return rate.HasValue ? TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond / rate.Value)) : TimeSpan.Zero;
        }

        private void Grow(TimeSpan now, double learnt)
        {
            var t = (now - _lastCut).TotalSeconds - _cubicOffsetSeconds;
            var target = _peak * (1 + CubicScaleNow * t * t * t);
            // Probing far past what is actually being sent would only hide the next throttle.
            Trim(_sends, now);
            var sent = _sends.Count / RunSpan(now);
            if (sent > 0) target = Math.Min(target, Math.Max(learnt, 2 * sent));
            _learnt = Math.Max(MinimumRate, Math.Max(learnt, target));
        }

        /// <summary>Accepted answers a second since the last cut, once that spell is long enough to say.</summary>
        private double? MeasuredSinceLastCut(TimeSpan now)
        {
            var spell = now - _lastCut;
            if (_lastCut == TimeSpan.MinValue || spell < MeasuringSpell) return null;
            return (_acceptedTotal - _acceptedAtCut) / spell.TotalSeconds;
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

        /// <summary>The seconds the one-second windows really cover: less while the run is younger than that.</summary>
        private double RunSpan(TimeSpan now) =>
            Math.Min(Window.TotalSeconds, Math.Max(0.05, (now - (_firstStart ?? now)).TotalSeconds));

        private static void Record(Queue<TimeSpan> times, TimeSpan at, TimeSpan now)
        {
            times.Enqueue(at);
            Trim(times, now);
        }

        private static void Trim(Queue<TimeSpan> times, TimeSpan now)
        {
            while (times.Count > 0 && now - times.Peek() > Window) times.Dequeue();
        }

        /// <summary>What is known around the first throttle until the answers of the requests then out are in.</summary>
        private sealed class FirstThrottle
        {
            private static readonly TimeSpan Longest = TimeSpan.FromSeconds(1);

            /// <summary>Accepted answers to requests sent after a head-on throttle that measure the service's rate.</summary>
            private const int MeasuringAnswers = 10;

            /// <summary>Fewer accepted answers than this after the throttle measure nothing yet.</summary>
            private const int FewestToMeasure = 3;

            private readonly TimeSpan _at;
            private readonly TimeSpan _throttledSentAt;
            private int _throttled;
            private int _answered;
            private int _acceptedAfter;
            private TimeSpan _lastAcceptedSend;

            public FirstThrottle(TimeSpan at, TimeSpan throttledSentAt, bool headOn, int acceptedBefore, double sendRate)
            {
                _at = at;
                _throttledSentAt = throttledSentAt;
                HeadOnAtFirst = headOn;
                AcceptedBefore = acceptedBefore;
                SendRate = sendRate;
            }

            private bool HeadOnAtFirst { get; }
            public int AcceptedBefore { get; private set; }
            public double SendRate { get; }
            public bool HeadOn => HeadOnAtFirst || (_answered > 0 && _throttled / (double)_answered >= HardLimitShare);

            public void Answered(TimeSpan sentAt, bool throttled)
            {
                // Only requests sent since the first throttled one tell whether the limit is hit head on:
                // the answers of earlier ones, which the service let through before, come in later.
                if (sentAt >= _throttledSentAt)
                {
                    _answered++;
                    if (throttled) _throttled++;
                }
                if (throttled) return;
                if (sentAt < _at)
                {
                    AcceptedBefore++;
                    return;
                }
                _acceptedAfter++;
                if (sentAt > _lastAcceptedSend) _lastAcceptedSend = sentAt;
            }

            /// <summary>Accepted starts a second since the throttle, once there are enough of them to say.</summary>
            public double? MeasuredAfter
            {
                get
                {
                    var span = (_lastAcceptedSend - _at).TotalSeconds;
                    return _acceptedAfter >= FewestToMeasure && span > 0 ? _acceptedAfter / span : (double?)null;
                }
            }

            /// <summary>
            /// A few refusals are settled by an accepted answer to a request sent after the throttle (it took
            /// as long as the earlier ones, which are therefore in); a limit hit head on once enough such
            /// answers measure it. A second after the throttle at the latest.
            /// </summary>
            public bool IsSettled(TimeSpan sentAt, TimeSpan now, bool throttled) =>
                now - _at >= Longest || (!throttled && sentAt >= _at && (!HeadOn || _acceptedAfter >= MeasuringAnswers));
        }
    }
}
