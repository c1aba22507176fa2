using System;
using Qianfan.Runs.Gate;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    public class StartSpacerTests
    {
        private static TimeSpan Ms(double ms) => TimeSpan.FromTicks((long)(ms * TimeSpan.TicksPerMillisecond));

        [Fact]
        public void StartsAreSpacedEvenlyAndUnpacedStartsGoAtOnce()
        {
            var spacer = new StartSpacer();
            Assert.True(spacer.TryStart(Ms(0), null, out _));
            Assert.True(spacer.TryStart(Ms(0), null, out _));
            // Once paced, the next start is an interval after the last one, paced or not.
            Assert.False(spacer.TryStart(Ms(0), 10, out var wait));
            Assert.Equal(100, wait.TotalMilliseconds, 3);
            Assert.True(spacer.TryStart(Ms(100), 10, out _));
            Assert.False(spacer.TryStart(Ms(150), 10, out wait));
            Assert.Equal(50, wait.TotalMilliseconds, 3);
        }

        [Theory]
        [InlineData(200, true)]
        [InlineData(50, true)]
        [InlineData(45, false)]
        [InlineData(20, false)]
        public void LateStartsGoTogetherOnlyAtAPaceFasterThanATimersStep(double rate, bool together)
        {
            Assert.Equal(together, StartSpacer.LateStartsGoTogether(rate));
        }

        [Fact]
        public void ALateWakeKeepsTheScheduleUpToTheTimerSlack()
        {
            var spacer = new StartSpacer();
            Assert.True(spacer.TryStart(Ms(0), 100, out _));
            // Due at 10 ms, woken at 25.6: the start due at 20 ms goes too, the one at 30 waits.
            Assert.True(spacer.TryStart(Ms(25.6), 100, out _));
            Assert.True(spacer.TryStart(Ms(25.6), 100, out _));
            Assert.False(spacer.TryStart(Ms(25.6), 100, out var wait));
            Assert.Equal(4.4, wait.TotalMilliseconds, 3);
        }

        [Fact]
        public void LatenessBeyondTheSlackIsIdleAndBanksNothing()
        {
            var spacer = new StartSpacer();
            Assert.True(spacer.TryStart(Ms(0), 100, out _));
            var late = Ms(10) + PacingTuning.TimerSlack + Ms(5);
            Assert.True(spacer.TryStart(late, 100, out _));
            Assert.False(spacer.TryStart(late, 100, out var wait));
            Assert.Equal(10, wait.TotalMilliseconds, 3);
        }
    

        [Fact]
        public void AtASlowPaceALateWakeKeepsOnlyTheMarginsShare()
        {
            // 10/s: a start 15 ms late does not pull the next one 15 ms early (a one-token bucket would
            // throttle it); lateness within the 3% margin (3 ms) keeps the schedule.
            var spacer = new StartSpacer();
            Assert.True(spacer.TryStart(Ms(0), 10, out _));
            Assert.True(spacer.TryStart(Ms(115), 10, out _));
            Assert.False(spacer.TryStart(Ms(200), 10, out var wait));
            Assert.Equal(15, wait.TotalMilliseconds, 3);
            Assert.True(spacer.TryStart(Ms(217), 10, out _));
            Assert.False(spacer.TryStart(Ms(300), 10, out wait));
            Assert.Equal(15, wait.TotalMilliseconds, 3); // due at 315: the 2 ms late start kept the schedule
        }
    }
}
