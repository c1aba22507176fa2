using System;
using Qianfan.Runs.Gate;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    public class UsedUpLimitTests
    {
        private static readonly TimeSpan OpeningEnd = TimeSpan.FromSeconds(1);

        private static TimeSpan At(double ms) => OpeningEnd + TimeSpan.FromMilliseconds(ms);

        [Fact]
        public void EachThrottleInARowHalvesThePaceUntilAStartMadeSinceTheOpeningIsAccepted()
        {
            var usedUp = new UsedUpLimit();
            var pace = 40.0;
            usedUp.OpeningEnded(OpeningEnd, pace);
            Assert.True(usedUp.Throttled(At(30), At(25), ref pace));
            Assert.Equal(20, pace);
            // Started before that halving: said nothing of the halved pace.
            Assert.True(usedUp.Throttled(At(31), At(26), ref pace));
            Assert.Equal(20, pace);
            Assert.True(usedUp.Throttled(At(90), At(80), ref pace));
            Assert.Equal(10, pace);
            Assert.True(usedUp.Waiting);
            // Throttled at two paces, then through: a window turned over, and the opening's pace comes back.
            Assert.True(usedUp.Accepted(At(200), ref pace));
            Assert.Equal(40, pace);
            Assert.False(usedUp.Waiting);
            Assert.False(usedUp.Throttled(At(300), At(290), ref pace));
        }

        [Fact]
        public void ABucketThatRefillsSlowerThanTheOpeningsPaceLetsTheFirstHalvedStartThrough()
        {
            var usedUp = new UsedUpLimit();
            var pace = 220.0;
            usedUp.OpeningEnded(OpeningEnd, pace);
            Assert.True(usedUp.Throttled(At(6), At(5), ref pace));
            Assert.False(usedUp.Accepted(At(30), ref pace));
            Assert.Equal(220, pace);
        }

        [Fact]
        public void AnswersToTheOpeningsOwnStartsSayNothingOfTheLimitAfterIt()
        {
            var usedUp = new UsedUpLimit();
            var pace = 40.0;
            usedUp.OpeningEnded(OpeningEnd, pace);
            var startedInTheOpening = OpeningEnd - TimeSpan.FromMilliseconds(1);
            Assert.False(usedUp.Accepted(startedInTheOpening, ref pace));
            Assert.True(usedUp.Waiting);
            Assert.True(usedUp.Throttled(At(21), startedInTheOpening, ref pace));
            Assert.Equal(40, pace);
        }

        [Fact]
        public void ThePaceHalvesNoLowerThanTheSlowestClimb()
        {
            var usedUp = new UsedUpLimit();
            var pace = PacingTuning.FirstPace * 1.5;
            usedUp.OpeningEnded(OpeningEnd, pace);
            for (var i = 1; i <= 5; i++) usedUp.Throttled(At(i * 1000), At(i * 1000 - 1), ref pace);
            Assert.Equal(PacingTuning.FirstPace, pace);
        }
    }
}
