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

        /// <summary>A burst of 16 against a service that lets 10 through: its 429s come back first, then the answers.</summary>
        private RatePacer Calibrated(int letThrough = 10)
        {
            var pacer = NewPacer();
            var burstAt = _now;
            long firstRefused = 0;
            for (var i = 1; i <= 16; i++)
            {
                var ticket = Start(pacer);
                if (i == letThrough + 1) firstRefused = ticket;
            }
            Advance(0.001);
            pacer.OnThrottled(burstAt, firstRefused);
            for (var i = 0; i < letThrough; i++) pacer.OnAccepted(burstAt);
            Advance(1);
            var after = _now;
            Start(pacer);
            pacer.OnAccepted(after);
            return pacer;
        }

        [Fact]
        public void UnpacedUntilTheFirstThrottle()
        {
            var pacer = NewPacer();
            for (var i = 0; i < 50; i++) Start(pacer);
            Assert.Null(pacer.CurrentRate);
            Assert.Null(pacer.AveragePacedRate);
        }

        [Fact]
        public void FirstThrottlePacesAtOnceByTheStartsBeforeIt()
        {
            // A gateway answers 429 before the answers of the requests it let through.
            var pacer = NewPacer();
            var burstAt = _now;
            long eleventh = 0;
            for (var i = 1; i <= 16; i++)
            {
                var ticket = Start(pacer);
                if (i == 11) eleventh = ticket;
            }
            Advance(0.001);
            pacer.OnThrottled(burstAt, eleventh);
            Assert.Equal(10 * RatePacer.GentleCut, pacer.CurrentRate.Value, 6);
        }

        [Fact]
        public void FirstRateSettlesOnWhatTheServiceAcceptedOnceTheAnswersAreIn()
        {
            var pacer = Calibrated(letThrough: 8);
            Assert.Equal(8 * RatePacer.GentleCut, pacer.CurrentRate.Value, 6);
            Assert.Equal(1, pacer.ThrottledCount);
        }

        [Fact]
        public void ThrottlesOfRequestsSentBeforeTheCutOrWithinOneIntervalAfterDoNotCutAgain()
        {
            var pacer = Calibrated();
            var rate = pacer.CurrentRate.Value;
            pacer.OnThrottled(_now - TimeSpan.FromSeconds(0.5));
            Advance(0.05);
            pacer.OnThrottled(_now); // sent 50 ms after the cut, within 1/9 s
            Assert.Equal(rate, pacer.CurrentRate.Value, 6);
        }

        [Fact]
        public void AThrottleSoonAfterACutCutsSteeper()
        {
            var pacer = Calibrated();
            Assert.Equal(9, pacer.CurrentRate.Value, 6);
            Advance(0.5);
            for (var i = 0; i < 7; i++) pacer.OnAccepted(); // with the calibrating answer, eight got through in the last second
            var sent = _now;
            Advance(0.02);
            pacer.OnThrottled(sent);
            Assert.Equal(8 * RatePacer.SteepCut, pacer.CurrentRate.Value, 6);
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
            for (var i = 0; i < 9; i++) pacer.OnAccepted();
            pacer.OnThrottled(_now - TimeSpan.FromSeconds(0.3)); // a fresh throttle soon after the cut: 0.7 x 9
            Advance(0.02);
            Start(pacer);
            Assert.Equal(1000 / 6.3, Refused(pacer).TotalMilliseconds, 3);
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
            var k = Math.Pow((1 - RatePacer.GentleCut) / RatePacer.CubicScale, 1.0 / 3);

            Advance(k / 2 - 1e-9);
            KeepSending(pacer, 10);
            pacer.OnAccepted();
            Assert.InRange(pacer.CurrentRate.Value, 9, 10);

            Advance(k / 2);
            KeepSending(pacer, 10);
            pacer.OnAccepted();
            Assert.Equal(10, pacer.CurrentRate.Value, 3);

            Advance(4);
            KeepSending(pacer, 11);
            pacer.OnAccepted();
            Assert.Equal(10 * (1 + RatePacer.CubicScale * 64), pacer.CurrentRate.Value, 3);
        }

        [Fact]
        public void GrowthNeverRunsFarAheadOfWhatIsActuallySent()
        {
            var pacer = Calibrated(letThrough: 10);
            Advance(30); // a long quiet spell: the cubic alone would be far above 10
            Start(pacer);
            pacer.OnAccepted();
            Assert.Equal(9, pacer.CurrentRate.Value, 3); // twice the one start is below the learnt rate: it stays put
        }

        [Fact]
        public void UserCeilingPacesFromTheStartAndIsNeverExceeded()
        {
            var pacer = NewPacer(max: 5);
            Assert.Equal(5, pacer.CurrentRate.Value, 6);
            Start(pacer);
            Assert.Equal(200, Refused(pacer).TotalMilliseconds, 3);
            for (var second = 0; second < 60; second++)
            {
                Advance(1);
                KeepSending(pacer, 5);
                pacer.OnAccepted();
            }
            Assert.Equal(5, pacer.CurrentRate.Value, 6);
        }

        [Fact]
        public void PublishedLimitBecomesACeilingOnlyOnceWhatIsLeftRunsLow()
        {
            var pacer = NewPacer();
            pacer.OnServiceLimit(600, remaining: 500);
            Assert.Null(pacer.CurrentRate);
            pacer.OnServiceLimit(600, remaining: 120);
            Assert.Equal(10, pacer.CurrentRate.Value, 6);
            pacer.OnServiceLimit(600, remaining: 599); // a refreshed window does not lift it: the average still holds
            Assert.Equal(10, pacer.CurrentRate.Value, 6);
        }

        [Fact]
        public void PublishedPerMinuteLimitBecomesACeiling()
        {
            var pacer = NewPacer();
            pacer.OnServiceLimit(600);
            Assert.Equal(10, pacer.CurrentRate.Value, 6);
            pacer.OnServiceLimit(0); // nonsense is ignored
            Assert.Equal(10, pacer.CurrentRate.Value, 6);
        }

        [Fact]
        public void ThrottledWithNothingAcceptedStillFindsAPositiveRateAndGoesNoLower()
        {
            var pacer = NewPacer();
            var burstAt = _now;
            for (var i = 0; i < 16; i++) Start(pacer);
            pacer.OnThrottled(burstAt);
            Assert.Equal(16 / 2.0 * RatePacer.GentleCut, pacer.CurrentRate.Value, 6);
            for (var round = 0; round < 400; round++)
            {
                Advance(30);
                var at = _now;
                Start(pacer);
                Advance(0.01);
                pacer.OnThrottled(at);
            }
            Assert.Equal(RatePacer.MinimumRate, pacer.CurrentRate.Value, 6);
        }

        private void KeepSending(RatePacer pacer, int perSecond)
        {
            // Starts spread over the last second, as a busy run would have made.
            var end = _now;
            _now -= TimeSpan.FromSeconds(1);
            for (var i = 0; i < perSecond; i++)
            {
                _now += TimeSpan.FromTicks(TimeSpan.TicksPerSecond / perSecond);
                pacer.TryStart(out _, out _);
            }
            _now = end;
        }
    }
}
