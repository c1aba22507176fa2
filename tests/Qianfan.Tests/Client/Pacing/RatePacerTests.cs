using System;
using Qianfan.Client;
using Xunit;

namespace Qianfan.Tests.Client
{
    /// <summary>The pacer's arithmetic on a hand-driven clock: no sleeping, exact expectations.</summary>
    public class RatePacerTests
    {
        private TimeSpan _now = TimeSpan.FromSeconds(100);

        private RatePacer NewPacer(double? max = null) => new RatePacer(max, () => _now);

        private void Advance(double seconds) => _now += TimeSpan.FromSeconds(seconds);

        private static long Start(RatePacer pacer)
        {
            Assert.True(pacer.TryStart(out var wait, out var ticket), "the pace should allow a start now");
            Assert.Equal(TimeSpan.Zero, wait);
            return ticket;
        }

        private static TimeSpan Refused(RatePacer pacer)
        {
            Assert.False(pacer.TryStart(out var wait, out _), "the pace should not allow a start yet");
            return wait;
        }

        /// <summary>
        /// 16 requests at once against a service that lets <paramref name="letThrough"/> through: a gateway's
        /// 429s come back first, then the answers of the requests it let through.
        /// </summary>
        private void Burst(RatePacer pacer, int letThrough)
        {
            var burstAt = _now;
            var tickets = new long[16];
            for (var i = 0; i < 16; i++) tickets[i] = Start(pacer);
            Advance(0.001);
            for (var i = letThrough; i < 16; i++) pacer.OnThrottled(burstAt, tickets[i]);
            Advance(0.02);
            for (var i = 0; i < letThrough; i++) pacer.OnAccepted(burstAt);
        }

        /// <summary>A burst, then the first answer to a request sent after it: the rate settles.</summary>
        private RatePacer Calibrated(int letThrough = 10)
        {
            var pacer = NewPacer();
            Burst(pacer, letThrough);
            Advance(1.1);
            var after = _now;
            Start(pacer);
            pacer.OnAccepted(after);
            return pacer;
        }

        /// <summary>One second of steady traffic at <paramref name="perSecond"/>, with this many of its answers throttled.</summary>
        private void Second(RatePacer pacer, int perSecond, int throttled = 0)
        {
            var end = _now + TimeSpan.FromSeconds(1);
            var step = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
            var every = throttled == 0 ? int.MaxValue : Math.Max(1, perSecond / throttled);
            for (var i = 0; i < perSecond; i++)
            {
                _now += step;
                var sentAt = _now - TimeSpan.FromMilliseconds(1);
                pacer.TryStart(out _, out var ticket);
                if (i % every == every - 1 && throttled-- > 0) pacer.OnThrottled(sentAt, ticket);
                else pacer.OnAccepted(sentAt);
            }
            _now = end;
        }

        [Fact]
        public void RequestsAreUnpacedUntilTheFirstThrottle()
        {
            var pacer = NewPacer();
            for (var i = 0; i < 50; i++) Start(pacer);
            Assert.Null(pacer.CurrentRate);
            Assert.Null(pacer.AveragePacedRate);
        }

        [Fact]
        public void ALimitHitHeadOnPacesAtOnceByTheStartsBeforeTheThrottles()
        {
            var pacer = NewPacer();
            var burstAt = _now;
            var tickets = new long[16];
            for (var i = 0; i < 16; i++) tickets[i] = Start(pacer);
            pacer.OnThrottled(burstAt, tickets[10]);
            pacer.OnThrottled(burstAt, tickets[11]);
            Assert.Null(pacer.CurrentRate); // two throttles are not enough evidence yet
            pacer.OnThrottled(burstAt, tickets[12]);
            // Sixteen sent, three throttled so far: thirteen may have got through, an upper bound to pace well under.
            Assert.Equal(13 * RatePacer.ProvisionalCut, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void FirstRateSettlesOnWhatTheServiceAcceptedOnceTheAnswersAreIn()
        {
            var pacer = Calibrated(letThrough: 8);
            Assert.Equal(8 * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
            Assert.Equal(8, pacer.ThrottledCount);
        }

        [Fact]
        public void ASingleThrottleIsNotEnoughEvidence()
        {
            var pacer = NewPacer();
            var sentAt = _now;
            for (var i = 0; i < 5; i++) Start(pacer);
            pacer.OnThrottled(sentAt);
            Assert.Null(pacer.CurrentRate);
        }

        [Fact]
        public void LightThrottlingCutsGentlyFromWhatWasBeingSent()
        {
            var pacer = NewPacer();
            Second(pacer, 100);
            Second(pacer, 100, throttled: 1);
            // Cut to 90% of the 100/s being sent, then back up the cubic while the rest of the second stayed clean.
            Assert.NotNull(pacer.CurrentRate);
            Assert.InRange(Assert.NotNull(pacer.CurrentRate), 100 * RatePacer.Cut - 0.5, 99.9);
        }

        [Fact]
        public void ThrottlesOfRequestsSentBeforeTheCutOrWithinOneIntervalAfterDoNotCutAgain()
        {
            var pacer = Calibrated();
            var rate = Assert.NotNull(pacer.CurrentRate);
            pacer.OnThrottled(_now - TimeSpan.FromSeconds(0.5));
            Advance(0.05);
            pacer.OnThrottled(_now); // sent 50 ms after the cut, within 1/9 s
            Assert.Equal(rate, Assert.NotNull(pacer.CurrentRate), 6);
        }

        /// <summary>Half a second on, <paramref name="accepted"/> more answers, then a throttle of a request sent after them.</summary>
        private void ThrottledAfterAccepting(RatePacer pacer, int accepted)
        {
            Advance(0.5);
            for (var i = 0; i < accepted; i++) pacer.OnAccepted();
            var sent = _now;
            Advance(0.02);
            pacer.OnThrottled(sent);
        }

        [Fact]
        public void ALaterThrottleCutsBelowWhatTheServiceAcceptedInTheLastSecond()
        {
            var pacer = Calibrated(letThrough: 13);
            Assert.Equal(13 * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
            ThrottledAfterAccepting(pacer, 10); // with the settling answer, eleven got through in the last second
            Assert.Equal(11 * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void FewerThanTenAnswersInTheLastSecondCutOnlyByTheUsualShare()
        {
            var pacer = Calibrated();
            ThrottledAfterAccepting(pacer, 3); // four got through in the last second: too few to say the rate is four
            Assert.Equal(9 * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void ThrottlingThatDoesNotFollowThePaceStopsCuttingItBeforeItCollapses()
        {
            var pacer = NewPacer();
            Second(pacer, 100);
            for (var second = 0; second < 60; second++) Second(pacer, (int)Math.Max(1, Math.Round(pacer.CurrentRate ?? 100)), throttled: 2 + (int)((pacer.CurrentRate ?? 100) / 10));
            // A tenth of the answers throttled whatever the pace: a few cuts, then the bar is above that share.
            Assert.True(Assert.NotNull(pacer.CurrentRate) > 20, $"the pace fell to {pacer.CurrentRate}/s");
        }

        [Fact]
        public void AfterACleanSpellASingleThrottleCutsAgain()
        {
            var pacer = Calibrated(); // 9/s
            for (var second = 0; second < 8; second++) Second(pacer, 9);
            var before = Assert.NotNull(pacer.CurrentRate);
            Assert.True(before > 9, "the clean spell let the pace climb above the last cut");
            pacer.OnThrottled(_now - TimeSpan.FromMilliseconds(50));
            // One throttle among twenty answers is enough again: cut below the nine a second that got through.
            Assert.Equal(9 * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
        }

        /// <summary>
        /// Calibrated at 9/s (peak 10), then a clean climb: four seconds at 9/s and one at 12/s, then a
        /// throttle. The 48 answers accepted over the 5 s since the last cut measure the limit.
        /// </summary>
        private RatePacer MetAgainAfterAClimb()
        {
            var pacer = Calibrated();
            for (var second = 0; second < 4; second++) Second(pacer, 9);
            Second(pacer, 12);
            Assert.True(Assert.NotNull(pacer.CurrentRate) >= 10 * RatePacer.RegrownShare, "the pace climbed back to the last peak");
            pacer.OnThrottled(_now);
            return pacer;
        }

        [Fact]
        public void ALimitMetAgainAfterAClimbIsMeasuredByWhatGotThroughSinceTheLastCut()
        {
            var pacer = MetAgainAfterAClimb();
            // Twelve got through in the last second, but 48 in five seconds is the limit's own rate.
            Assert.Equal(48 / 5.0 * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void ALimitMetAgainNearTheSameRateIsProbedMoreSlowly()
        {
            var pacer = MetAgainAfterAClimb();
            var peak = 48 / 5.0;
            var scale = RatePacer.CubicScale / 2;
            var k = Math.Pow((1 - RatePacer.Cut) / scale, 1.0 / 3);
            Second(pacer, 9);
            Second(pacer, 9);
            Assert.Equal(peak * (1 + scale * Math.Pow(2 - k, 3)), Assert.NotNull(pacer.CurrentRate), 3);
        }

        [Fact]
        public void AMetAgainCutDoesNotRaiseTheBarForTheNext()
        {
            var pacer = MetAgainAfterAClimb();
            var measuredCut = Assert.NotNull(pacer.CurrentRate);
            // Climb back again, cleanly, and meet the limit once more: one throttle among twenty answers still cuts.
            for (var second = 0; second < 6; second++) Second(pacer, 10);
            Assert.True(Assert.NotNull(pacer.CurrentRate) > measuredCut / RatePacer.Cut * RatePacer.RegrownShare, "the pace climbed back");
            var before = Assert.NotNull(pacer.CurrentRate);
            pacer.OnThrottled(_now);
            Assert.True(Assert.NotNull(pacer.CurrentRate) < before * 0.95, $"the pace stayed at {Assert.NotNull(pacer.CurrentRate)}/s");
        }

        [Fact]
        public void AHeadOnLimitIsMeasuredByWhatGetsThroughAfterTheThrottle()
        {
            var pacer = NewPacer();
            var throttledAt = _now + TimeSpan.FromSeconds(0.001); // the third throttle of the burst starts the measurement
            Burst(pacer, letThrough: 10);
            // The service's bucket is empty now: of the requests that follow, one in two gets through.
            var lastAccepted = TimeSpan.Zero;
            for (var i = 0; i < 20; i++)
            {
                Advance(0.0125);
                pacer.TryStart(out _, out var ticket);
                if (i % 2 == 0)
                {
                    lastAccepted = _now;
                    pacer.OnAccepted(_now);
                }
                else
                {
                    pacer.OnThrottled(_now, ticket);
                }
            }
            var measured = 10 / (lastAccepted - throttledAt).TotalSeconds;
            Assert.Equal(measured * RatePacer.Cut, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void StillThrottledHeadOnWhileMeasuringThePaceHalvesButNotBelowWhatGotThroughBefore()
        {
            var pacer = NewPacer();
            Burst(pacer, letThrough: 4); // twelve throttles of sixteen: head on
            var provisional = Assert.NotNull(pacer.CurrentRate);
            Advance(0.3);
            var at = _now;
            Start(pacer);
            pacer.OnThrottled(at);
            Assert.Equal(provisional / 2, Assert.NotNull(pacer.CurrentRate), 6);
            for (var i = 0; i < 2; i++) // each a start later, and all within the second the measurement may take
            {
                Advance(0.25);
                at = _now;
                pacer.TryStart(out _, out _);
                pacer.OnThrottled(at);
            }
            // Four got through before the throttle: the pace never halves below four a second while measuring.
            Assert.Equal(4, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void StartsAreSpacedAtTheRateAndANewRateAppliesToTheNextStart()
        {
            var pacer = Calibrated();
            Assert.Equal(1000 / 9.0, Refused(pacer).TotalMilliseconds, 3);
            Advance(1 / 9.0);
            Start(pacer);
            Assert.Equal(1000 / 9.0, Refused(pacer).TotalMilliseconds, 3);

            Advance(0.5);
            for (var i = 0; i < 8; i++) pacer.OnAccepted();
            pacer.OnThrottled(_now - TimeSpan.FromSeconds(0.3)); // nine got through in the last second: 0.9 x 9
            Advance(0.02);
            Start(pacer);
            Assert.Equal(1000 / 8.1, Refused(pacer).TotalMilliseconds, 3);
        }

        [Fact]
        public void AnIdleSpellBanksNoBurst()
        {
            var pacer = Calibrated();
            Advance(10);
            Start(pacer);
            Assert.True(Refused(pacer) > TimeSpan.FromMilliseconds(100));
        }

        [Fact]
        public void CleanAnswersBringTheRateBackAlongACubicAndThenProbeAbove()
        {
            var pacer = Calibrated(letThrough: 10);
            var k = Math.Pow((1 - RatePacer.Cut) / RatePacer.CubicScale, 1.0 / 3);
            // The calibration happened one second after the burst; the cubic counts from then.
            Advance(k - 1);
            Second(pacer, 10);
            Assert.Equal(10, Assert.NotNull(pacer.CurrentRate), 3);
            Advance(3);
            Second(pacer, 11);
            Assert.Equal(10 * (1 + RatePacer.CubicScale * 64), Assert.NotNull(pacer.CurrentRate), 3);
        }

        [Fact]
        public void GrowthNeverRunsFarAheadOfWhatIsActuallySent()
        {
            var pacer = Calibrated(letThrough: 10);
            Advance(30); // a long quiet spell: the cubic alone would be far above 10
            Start(pacer);
            pacer.OnAccepted();
            Assert.Equal(9, Assert.NotNull(pacer.CurrentRate), 3); // twice the one start is below the learnt rate: it stays put
        }

        [Fact]
        public void UserCeilingPacesFromTheStartAndIsNeverExceeded()
        {
            var pacer = NewPacer(max: 5);
            Assert.Equal(5, Assert.NotNull(pacer.CurrentRate), 6);
            Start(pacer);
            Assert.Equal(200, Refused(pacer).TotalMilliseconds, 3);
            for (var second = 0; second < 60; second++) Second(pacer, 5);
            Assert.Equal(5, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void PublishedLimitBecomesACeilingOnlyOnceWhatIsLeftRunsLow()
        {
            var pacer = NewPacer();
            pacer.OnServiceLimit(600, remaining: 500);
            Assert.Null(pacer.CurrentRate);
            pacer.OnServiceLimit(600, remaining: 120);
            Assert.Equal(10, Assert.NotNull(pacer.CurrentRate), 6);
            pacer.OnServiceLimit(600, remaining: 599); // a refreshed window does not lift it: the average still holds
            Assert.Equal(10, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void PublishedPerMinuteLimitWithoutWhatIsLeftIsACeilingAtOnce()
        {
            var pacer = NewPacer();
            pacer.OnServiceLimit(600);
            Assert.Equal(10, Assert.NotNull(pacer.CurrentRate), 6);
            pacer.OnServiceLimit(0); // nonsense is ignored
            Assert.Equal(10, Assert.NotNull(pacer.CurrentRate), 6);
        }

        [Fact]
        public void WhenMostAnswersAreThrottlesItKeepsSlowingDownToTheMinimum()
        {
            var pacer = NewPacer();
            Burst(pacer, letThrough: 0);
            Assert.NotNull(pacer.CurrentRate);
            for (var round = 0; round < 400; round++)
            {
                Advance(30);
                var at = _now;
                Start(pacer);
                Advance(0.01);
                pacer.OnThrottled(at);
            }
            Assert.Equal(RatePacer.MinimumRate, Assert.NotNull(pacer.CurrentRate), 6);
        }
    }
}
