using Qianfan.Runs.Gate;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    /// <summary>The count of attempts in a row that got no answer, and when it stops new ids or the whole run.</summary>
    public class UnansweredAttemptsTests
    {
        [Fact]
        public void UnansweredAttemptsCountARoundOfAttemptsThenOneRetryMoreAndStartAgainAtAnyAnswer()
        {
            Assert.Equal(1, new UnansweredAttempts(1).Round);
            var silence = new UnansweredAttempts(16);
            Assert.Equal(RunBreaker.Threshold, silence.Round);

            Assert.Equal(SilenceVerdict.GoOn, silence.TimedOut(retry: false, out _));
            Assert.Equal(SilenceVerdict.GoOn, silence.TimedOut(retry: true, out _));
            silence.Answered();
            Assert.Equal(SilenceVerdict.GoOn, silence.TimedOut(retry: false, out _));
            Assert.Equal(SilenceVerdict.GoOn, silence.TimedOut(retry: false, out _));
            Assert.Equal(SilenceVerdict.StartNoNewIds, silence.TimedOut(retry: false, out var attempts));
            Assert.Equal(3, attempts);
            Assert.Equal(SilenceVerdict.StartNoNewIds, silence.TimedOut(retry: false, out _));
            Assert.Equal(SilenceVerdict.StopSending, silence.TimedOut(retry: true, out attempts));
            Assert.Equal(5, attempts);

            var alone = new UnansweredAttempts(1);
            Assert.Equal(SilenceVerdict.StartNoNewIds, alone.TimedOut(retry: false, out _));
            Assert.Equal(SilenceVerdict.StopSending, alone.TimedOut(retry: true, out _));
        }
    }
}
