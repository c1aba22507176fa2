using System;

namespace Qianfan.Runs.Gate
{
    /// <summary>
    /// Sets the pace from what the service accepts. A careful opening (a few starts, doubling with each
    /// round trip: <see cref="OpeningAllowance"/>) until the first throttles; a climb from what got
    /// through, once a limit the opening used up is back (<see cref="UsedUpLimit"/>; a window that stayed
    /// used up until it turned over is measured by what the opening got through); then, at the next
    /// throttle, the pace is held for a measuring spell, and what the service let through between the
    /// times its limit ran out is the limit: a strict bucket, a second's bucket and a fixed window all
    /// let exactly their rate through once they throttle. Evenly spaced starts just under the measured
    /// limit follow; the limit is probed above along a cubic, more rarely each time it holds still,
    /// and a probe that stays clean far above it (other runs on the account ended) climbs again.
    /// Runs that share one account each measure the share they get.
    /// Not thread-safe: <see cref="RatePacer"/> locks around it.
    /// </summary>
    internal sealed class PaceController
    {
        private readonly AcceptanceEstimate _estimate;
        private readonly OpeningAllowance _opening;
        private readonly UsedUpLimit _usedUp = new UsedUpLimit();
        private PaceMode _mode = PaceMode.Opening;
        private TimeSpan _since;
        private double _pace;
        private double _probing;
        private double _margin = PacingTuning.Margin;
        private double _spellPace;
        private double _spellStep = 1;
        private int _confidence;
        private int _cutsInARow;
        private TimeSpan _lastCut = TimeSpan.MinValue;

        public PaceController(AcceptanceEstimate estimate)
        {
            _estimate = estimate ?? throw new ArgumentNullException(nameof(estimate));
            _opening = new OpeningAllowance(estimate);
        }

        public PaceMode Mode => _mode;

        /// <summary>The last limit measured, or null before the first measurement.</summary>
        public double? Limit { get; private set; }

        /// <summary>The pace now, or null during the opening.</summary>
        public double? Pace(TimeSpan now)
        {
            return _mode switch
            {
                PaceMode.Measuring => _spellPace,
                PaceMode.Ramping => _pace,
                PaceMode.Holding => now - _since < HoldSpell() ? Limit!.Value * _margin : _pace,
                _ => (double?)null,
            };
        }

        /// <summary>
        /// A start that waited for its slot: the pace binds, so it may grow (ramping quickly, probing
        /// slowly above a measured limit). Starts that come slower than the pace (too few in flight)
        /// grow nothing: growth they do not test would only hide the next throttle.
        /// </summary>
        public void StartedAtPace(TimeSpan now)
        {
            var interval = 1 / Math.Max(PacingTuning.MinimumRate, _pace);
            if (_mode == PaceMode.Ramping && !_usedUp.Waiting) _pace *= RampStep(_pace);
            else if (_mode == PaceMode.Holding && now - _since >= HoldSpell())
            {
                // A cubic climb above the limit (as TCP CUBIC's): slow while near it, faster the longer no
                // throttle comes, so that a limit that rose (another run on the account ended) is found soon.
                _probing += interval;
                _pace = Limit!.Value * (_margin + PacingTuning.ProbeCubic * _probing * _probing * _probing);
                // Clean this far above the limit: it rose (another run on the account ended). Climb.
                if (_pace >= Limit.Value * PacingTuning.RisenShare) RampFrom(now, _pace);
            }
        }

        /// <summary>How long until the opening allows another start; zero when it does now.</summary>
        public TimeSpan OpeningWait(TimeSpan now) => _mode == PaceMode.Opening ? _opening.Wait(now) : TimeSpan.Zero;

        public void Accepted(TimeSpan now, TimeSpan sentAt)
        {
            if (_mode == PaceMode.Measuring) Measure(now);
            // A window's quota: what the opening got through (every accepted answer but this first one since),
            // if that is evidence enough; a few are another run's leftovers on a shared account. No spell was
            // held, so the empty one from now reads as nothing throttled.
            else if (_mode == PaceMode.Ramping && _usedUp.Accepted(sentAt, ref _pace) && _estimate.Accepted > PacingTuning.EvidenceAnswers)
                Measured(now, Math.Min(_pace, _estimate.Accepted - 1), _estimate.SpellFrom(now));
            else if (_mode == PaceMode.Opening && _opening.Answered(throttled: false, Bar(now))) EndOpening(now);
        }

        public void Throttled(TimeSpan now, TimeSpan sentAt)
        {
            if (_mode == PaceMode.Measuring)
            {
                Measure(now);
                return;
            }
            if (_mode == PaceMode.Opening)
            {
                if (_opening.Answered(throttled: true, Bar(now))) EndOpening(now);
                return;
            }
            if (_mode == PaceMode.Ramping && _usedUp.Throttled(now, sentAt, ref _pace)) return;
            // A throttle of a request started before the pace last changed says nothing about the new one;
            // nor, just after a measurement, does one in the rest of a window the spell used up.
            if (sentAt < _since) return;
            if (_mode == PaceMode.Holding && sentAt < _since + PacingTuning.MeasuredGrace) return;
            if (!_estimate.ThrottledEnough(Bar(now))) return;
            if (ProbeMetTheSameLimit(now)) MetAgain(now);
            else if (ThrottledUnevenlyUnderTheLimit(now)) WidenTheMargin(now);
            else StartMeasuring(now, sentAt, Pace(now)!.Value);
        }

        /// <summary>
        /// A probe throttled at most <see cref="PacingTuning.SameLimitShare"/> over the measured limit
        /// found it where it was. Measuring it again would hold the probe's pace over it for a second or
        /// more, throttled all the while (against a window, at the end of each); back under it at once.
        /// So is a probe throttled now and then below it (requests that reached it unevenly); throttles
        /// below it at a large share are a limit that fell (another run on the account): that is measured.
        /// </summary>
        private bool ProbeMetTheSameLimit(TimeSpan now) =>
            _mode == PaceMode.Holding && now - _since >= HoldSpell()
            && (_pace >= Limit!.Value || _estimate.RecentThrottledShare < PacingTuning.UnevenShare)
            && _pace <= Limit.Value * (1 + PacingTuning.SameLimitShare);

        /// <summary>
        /// Throttled now and then at the held pace, under the measured limit: the requests reach the limit
        /// less evenly than they start, and a limit with little burst throttles the ones that bunch up.
        /// Measuring again would find less than the limit (what got through of uneven starts); a wider
        /// margin lets them through. Throttles at a large share, or past the widest margin, are measured.
        /// </summary>
        private bool ThrottledUnevenlyUnderTheLimit(TimeSpan now) =>
            _mode == PaceMode.Holding && now - _since < HoldSpell()
            && _margin > PacingTuning.WidestMargin && _estimate.SpellFrom(_since).ThrottledShare < PacingTuning.UnevenShare;

        private void WidenTheMargin(TimeSpan now)
        {
            _margin = Math.Max(PacingTuning.WidestMargin, _margin - PacingTuning.MarginStep);
            Hold(now);
        }

        /// <summary>The limit held still: probed more rarely, as when measured again at the same rate.</summary>
        private void MetAgain(TimeSpan now)
        {
            _confidence = Math.Min(PacingTuning.MaxConfidence, _confidence + 1);
            Hold(now);
        }

        /// <summary>
        /// The first throttles: the starts not throttled in the last second got through, at most. For a
        /// bucket of a second's worth or a window that is about the limit; a strict bucket let only its
        /// small burst through, and the climb finds the rest.
        /// </summary>
        private double Provisional(TimeSpan now)
        {
            var spell = _estimate.SpellFrom(now - TimeSpan.FromSeconds(1));
            return Math.Max(PacingTuning.FirstPace, Math.Max(spell.Accepted, _estimate.StartsInLastSecond(now) - spell.Throttled));
        }

        /// <summary>A spell from <paramref name="from"/>, the start of the throttled request that called for it, so that it counts too.</summary>
        private void StartMeasuring(TimeSpan now, TimeSpan from, double pace)
        {
            // A climb met the limit somewhere within its last step: a bucket too small to bank a start
            // throttled the pace of this step, and perhaps already the one before, when the requests bunched up.
            _spellStep = _mode == PaceMode.Ramping ? RampStep(pace) : 1;
            _mode = PaceMode.Measuring;
            _since = from;
            _spellPace = Math.Max(PacingTuning.MinimumRate, Math.Min(pace, SpellCeiling(now)));
        }

        /// <summary>
        /// A spell need not go far over the limit to see it run out again: a little over what got through
        /// in the second before is enough (a window or a drained bucket let at least its rate through in
        /// it), and every start over that is throttled. Not on fewer than <see cref="PacingTuning.EvidenceAnswers"/> starts.
        /// </summary>
        private double SpellCeiling(TimeSpan now)
        {
            var through = Provisional(now);
            return through < PacingTuning.EvidenceAnswers ? double.MaxValue : through * PacingTuning.SpellOverAccepted;
        }

        /// <summary>
        /// Follows the spell: once the limit has run out often enough, or far enough apart, what got
        /// through between is the limit; a spell that never ran out measured nothing but a floor.
        /// </summary>
        private void Measure(TimeSpan now)
        {
            var elapsed = now - _since;
            var spell = _estimate.SpellFrom(_since);
            // A bucket runs out every few starts once over its rate, and soon says it; a window runs out once a second.
            var enough = spell.OnsetSpan >= PacingTuning.OnsetSpan
                || (spell.Onsets >= PacingTuning.FewestOnsets && spell.OnsetSpan >= PacingTuning.ShortestOnsetSpan);
            if (spell.OnsetRate is double rate && enough)
            {
                Measured(now, rate, spell);
                return;
            }
            // Nothing throttled since the spell's first starts, for longer than a window takes to run out again:
            // the spell's pace (held under what the climb reached) is under the limit.
            var quiet = spell.LastThrottled is TimeSpan last && now - last >= PacingTuning.QuietSpell;
            if (elapsed < PacingTuning.LongestMeasuringSpell && !quiet) return;
            if (spell.Throttled == 0 || quiet)
            {
                // Nothing throttled at the spell's pace: the limit is at least that. Near a measured limit,
                // go on probing above it slowly; with none, climb.
                // A run that could not start at the spell's pace (its machine goes no faster) would climb a
                // pace it never tests: it holds under what it started in the last second instead. Only at a
                // pace faster than a timer's step, where starts a late timer held back go together
                // (StartSpacer), so that a shortfall is the machine's; at a slower pace each late wake loses
                // time for good, asking more gets more, and held under what it started it would stay there.
                var started = _estimate.StartRate(now);
                if (!Limit.HasValue && spell.Throttled > 0 && started < _spellPace * PacingTuning.CutBelowPace
                    && StartSpacer.LateStartsGoTogether(_spellPace))
                    Measured(now, started, spell);
                else if (!Limit.HasValue) RampFrom(now, _spellPace);
                else
                {
                    if (_spellPace > Limit.Value) Limit = _spellPace;
                    Hold(now);
                }
                return;
            }
            Measured(now, spell.OnsetRate ?? spell.Accepted / elapsed.TotalSeconds, spell);
        }

        private void Measured(TimeSpan now, double accepted, AcceptanceEstimate.Spell spell)
        {
            var limit = Math.Max(PacingTuning.MinimumRate, accepted);
            // About half the spell throttled, every other start: a climb does not overshoot that far
            // (RampGrowth), so the limit is a bucket too small to bank even one start, which throttles
            // every other start once the pace is over its rate, whatever the overshoot. Its rate is just
            // under the pace that met it.
            if (spell.ThrottledShare > PacingTuning.HeavyShare && spell.ThrottledShare < PacingTuning.AlternateShare
                && spell.AcceptedRun < PacingTuning.AlternatingRun)
            {
                limit = Math.Max(limit, _spellPace / (_spellStep * PacingTuning.HeavyOvershoot));
                // Such a bucket has no room at all for requests that reach it unevenly: start a step wider.
                _margin = Math.Min(_margin, PacingTuning.Margin - PacingTuning.MarginStep);
            }
            if (limit < _spellPace * PacingTuning.CutBelowPace)
            {
                _cutsInARow = Math.Min(10, EasedCuts(now) + 1);
                _lastCut = now;
            }
            _confidence = Limit.HasValue && Math.Abs(limit - Limit.Value) <= Limit.Value * PacingTuning.SameLimitShare
                ? Math.Min(PacingTuning.MaxConfidence, _confidence + 1)
                : 0;
            Limit = limit;
            Hold(now);
        }

        private void Hold(TimeSpan now)
        {
            _mode = PaceMode.Holding;
            _since = now;
            _pace = Limit!.Value * _margin;
            _probing = 0;
        }

        /// <summary>The first throttles: ramp from what got through, once the limit the opening used up is back (<see cref="UsedUpLimit"/>).</summary>
        private void EndOpening(TimeSpan now)
        {
            RampFrom(now, Provisional(now));
            _usedUp.OpeningEnded(now, _pace);
        }

        private void RampFrom(TimeSpan now, double pace)
        {
            _mode = PaceMode.Ramping;
            _since = now;
            _pace = Math.Max(PacingTuning.MinimumRate, pace);
        }

        /// <summary>How much a climb grows the pace with one start at <paramref name="pace"/>.</summary>
        private static double RampStep(double pace) => Math.Min(2, Math.Pow(PacingTuning.RampGrowth, 1 / Math.Max(PacingTuning.MinimumRate, pace)));

        private TimeSpan HoldSpell() => TimeSpan.FromTicks(PacingTuning.HoldSpell.Ticks << _confidence);

        /// <summary>The throttled share a measurement needs now.</summary>
        private double Bar(TimeSpan now) => Math.Min(PacingTuning.MaxCutShare, PacingTuning.CutShare * Math.Pow(2, EasedCuts(now)));

        private int EasedCuts(TimeSpan now)
        {
            if (_lastCut == TimeSpan.MinValue) return 0;
            var eased = (int)Math.Min(_cutsInARow, Math.Floor((now - _lastCut).Ticks / (double)PacingTuning.BarEasing.Ticks));
            return _cutsInARow - eased;
        }
    }
}
