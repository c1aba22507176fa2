using System;
using System.Linq;
using Qianfan.Emulator.Faults;
using Qianfan.Runs.Gate;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    /// <summary>What a spell of evenly spaced starts says about a limit of each shape, judged by the emulator's own limits.</summary>
    public class AcceptanceEstimateTests
    {
        /// <summary>Starts at <paramref name="pace"/> for <paramref name="seconds"/> against <paramref name="limit"/>, each answered at once.</summary>
        private static AcceptanceEstimate.Spell Spell(RequestLimit limit, double pace, double seconds, double from = 0)
        {
            var estimate = new AcceptanceEstimate();
            var count = (int)(pace * seconds);
            for (var i = 0; i < count; i++)
            {
                var at = TimeSpan.FromSeconds(from + i / pace);
                estimate.Started(at);
                estimate.Answered(at, at, throttled: !limit.TryTake(at.TotalSeconds));
            }
            return estimate.SpellFrom(TimeSpan.FromSeconds(from));
        }

        [Theory]
        [InlineData(12)]
        [InlineData(15)]
        public void OverABucketsRateWhatGetsThroughBetweenTheTimesItRunsOutIsItsRate(double pace)
        {
            var spell = Spell(new RequestLimit(LimitShape.Bucket(10, 3), 0), pace, 3);
            Assert.True(spell.Onsets >= 4);
            Assert.InRange(Assert.NotNull(spell.OnsetRate), 9.5, 10.5);
            Assert.True(spell.AcceptedRun > 1.5, "a bucket that banks starts lets runs of them through");
        }

        [Fact]
        public void OverAWindowsCountItRunsOutOnceASecondAndWhatGetsThroughBetweenIsItsCount()
        {
            // The window's edges fall a third of a second into the spell.
            var spell = Spell(new RequestLimit(LimitShape.FixedWindow(20), -0.67), 24, 4.2);
            Assert.Equal(3, spell.Onsets);
            Assert.True(spell.OnsetSpan >= TimeSpan.FromSeconds(1.9));
            Assert.InRange(Assert.NotNull(spell.OnsetRate), 19.5, 20.5);
            // The share of starts that got through is not the rate: 20 of 24 is what a pace of 24 says.
            Assert.InRange(spell.Accepted / 4.2, 19, 22.5);
        }

        [Fact]
        public void ABucketTooSmallToBankAStartThrottlesEveryOtherStart()
        {
            var spell = Spell(new RequestLimit(LimitShape.Bucket(10, 1), 0), 11, 2);
            Assert.True(spell.ThrottledShare > PacingTuning.HeavyShare);
            Assert.True(spell.AcceptedRun < PacingTuning.AlternatingRun);
            Assert.InRange(Assert.NotNull(spell.OnsetRate), 5, 6); // half the pace: not the rate
        }

        [Fact]
        public void ThrottlesPastTheLastAcceptedStartAreNotYetOnsets()
        {
            // Throttles come back before the accepted answers of the starts around them.
            var estimate = new AcceptanceEstimate();
            var pattern = new[] { false, false, true, false, false, true, false, false, true, true };
            for (var i = 0; i < pattern.Length; i++)
            {
                var at = TimeSpan.FromMilliseconds(100 * i);
                estimate.Started(at);
                if (pattern[i] || i < 7) estimate.Answered(at, at, pattern[i]);
            }
            var spell = estimate.SpellFrom(TimeSpan.Zero);
            Assert.Equal(2, spell.Onsets); // the throttle at 800 ms follows no accepted answer yet in
            Assert.Equal(TimeSpan.FromMilliseconds(300), spell.OnsetSpan);
            Assert.Equal(2 / 0.3, Assert.NotNull(spell.OnsetRate), 6);
        }

        [Fact]
        public void AFewThrottlesAreNotEnoughEvidence()
        {
            var estimate = new AcceptanceEstimate();
            estimate.Answered(TimeSpan.Zero, TimeSpan.Zero, throttled: true);
            estimate.Answered(TimeSpan.Zero, TimeSpan.Zero, throttled: true);
            Assert.False(estimate.ThrottledEnough(PacingTuning.CutShare));
            estimate.Answered(TimeSpan.Zero, TimeSpan.Zero, throttled: true);
            Assert.True(estimate.ThrottledEnough(PacingTuning.CutShare));
            for (var i = 0; i < 17; i++) estimate.Answered(TimeSpan.Zero, TimeSpan.Zero, throttled: false);
            Assert.False(estimate.ThrottledEnough(0.2)); // three of twenty is under a raised bar
        }
    }
}
