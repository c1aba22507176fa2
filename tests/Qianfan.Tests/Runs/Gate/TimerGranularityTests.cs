using System;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Runs.Gate;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    /// <summary>
    /// A timer that wakes late, as Windows' does (steps of about 15.6 ms): the starts that fell due while
    /// the gate slept go together, so a pace faster than the timer's step still holds on average.
    /// </summary>
    public class TimerGranularityTests
    {
        private static readonly TimeSpan WindowsTimerStep = TimeSpan.FromMilliseconds(15.6);

        [Theory]
        [InlineData(100)]
        [InlineData(500)]
        public async Task APaceFasterThanTheTimersStepHoldsWhenEveryWaitEndsLate(double perSecond)
        {
            var clock = new FakeClock { WakeLateness = WindowsTimerStep };
            var gate = new RequestGate(64, maxRequestsPerSecond: perSecond, clock: clock);
            var starts = (int)(perSecond * 2);
            for (var i = 0; i < starts; i++)
                using (await gate.EnterAsync(CancellationToken.None)) { }

            var seconds = (clock.UtcNow - clock.Start).TotalSeconds;
            Assert.True(clock.Delays.Count > 0, "the gate waited on the clock");
            // Every start after the first is due a pace's interval after the one before it; the last is due at (n - 1) / pace.
            var due = (starts - 1) / perSecond;
            Assert.InRange(seconds, due - 0.001, due + WindowsTimerStep.TotalSeconds + 0.001);
        }

        [Fact]
        public async Task StartsThatFellDueWhileAsleepGoTogetherButAnIdleSpellBanksNone()
        {
            var clock = new FakeClock { WakeLateness = WindowsTimerStep };
            var gate = new RequestGate(64, maxRequestsPerSecond: 500, clock: clock);
            using (await gate.EnterAsync(CancellationToken.None)) { }
            using (await gate.EnterAsync(CancellationToken.None)) { } // waits 2 ms, wakes 15.6 ms late
            var woke = clock.UtcNow;
            for (var i = 0; i < 7; i++)
                using (await gate.EnterAsync(CancellationToken.None)) { }
            // The seven starts due in the 15.6 ms overslept (at 2, 4, ... 14 ms past the slot) go at once.
            Assert.Equal(woke, clock.UtcNow);
            clock.Advance(TimeSpan.FromSeconds(1)); // idle: no burst of 500 banked
            using (await gate.EnterAsync(CancellationToken.None)) { }
            var before = clock.Delays.Count;
            using (await gate.EnterAsync(CancellationToken.None)) { }
            Assert.Equal(before + 1, clock.Delays.Count);
        }
    }
}
