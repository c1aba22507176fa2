using System;
using System.Linq;
using Qianfan.Client;
using Qianfan.Client.Retry;
using Xunit;

namespace Qianfan.Tests.Client.Retry
{
    /// <summary>Which failures are retried, and how long each retry waits: pure arithmetic on a seeded jitter.</summary>
    public class RetryPolicyTests
    {
        private static readonly TimeSpan Base = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan Max = TimeSpan.FromSeconds(2);

        private static QianfanServiceException Failure(FailureKind kind, int? status = null, string? code = null) =>
            new QianfanServiceException(kind, "StopBatchInferenceTask", status, code, null, null);

        [Theory]
        [InlineData(429, true)]
        [InlineData(500, true)]
        [InlineData(502, true)]
        [InlineData(503, true)]
        [InlineData(504, true)]
        [InlineData(400, false)]
        [InlineData(401, false)]
        [InlineData(403, false)]
        [InlineData(404, false)]
        [InlineData(501, false)]
        [InlineData(505, false)]
        public void OnlyBusyAndUnavailableStatusesAreTransient(int status, bool transient)
        {
            Assert.Equal(transient, RetryPolicy.IsTransientStatus(status));
            Assert.Equal(transient, RetryPolicy.IsTransient(Failure(FailureKind.Service, status, "Code")));
        }

        [Fact]
        public void NoAnswerIsTransientAndALocalFailureIsNot()
        {
            Assert.True(RetryPolicy.IsTransient(Failure(FailureKind.Connection)));
            Assert.True(RetryPolicy.IsTransient(Failure(FailureKind.Timeout)));
            Assert.True(RetryPolicy.IsTransient(Failure(FailureKind.InvalidResponse, 502)));
            Assert.False(RetryPolicy.IsTransient(Failure(FailureKind.InvalidResponse, 200)));
            Assert.False(RetryPolicy.IsTransient(Failure(FailureKind.Local)));
        }

        [Fact]
        public void AThrottlingCodeIsTransientWhateverTheStatus()
        {
            Assert.True(RetryPolicy.IsTransient(Failure(FailureKind.Service, 200, "336501")));
            Assert.True(RetryPolicy.IsTransient(Failure(FailureKind.Service, 400, "18")));
        }

        [Theory]
        [InlineData(1, 100)]
        [InlineData(2, 200)]
        [InlineData(3, 400)]
        [InlineData(4, 800)]
        [InlineData(5, 1600)]
        [InlineData(6, 2000)]
        [InlineData(30, 2000)]
        public void EachRetryWaitsAJitteredShareOfADoublingCeilingCappedAtTheMaximum(int retry, int ceilingMs)
        {
            var policy = new RetryPolicy(3, Base, Max, seed: 7);

            var waits = Enumerable.Range(0, 500).Select(_ => policy.DelayBefore(retry, null)).ToList();

            Assert.All(waits, w => Assert.InRange(w, TimeSpan.Zero, TimeSpan.FromMilliseconds(ceilingMs)));
            // Full jitter spreads over the whole range, not around its middle.
            Assert.Contains(waits, w => w < TimeSpan.FromMilliseconds(ceilingMs * 0.1));
            Assert.Contains(waits, w => w > TimeSpan.FromMilliseconds(ceilingMs * 0.9));
        }

        [Fact]
        public void TheSameSeedGivesTheSameWaits()
        {
            var first = new RetryPolicy(3, Base, Max, seed: 42);
            var second = new RetryPolicy(3, Base, Max, seed: 42);

            Assert.Equal(Enumerable.Range(1, 5).Select(r => first.DelayBefore(r, null)), Enumerable.Range(1, 5).Select(r => second.DelayBefore(r, null)));
        }

        [Fact]
        public void ARetryAfterLongerThanTheBackoffIsWaitedInFull()
        {
            var policy = new RetryPolicy(3, Base, Max, seed: 1);

            Assert.Equal(TimeSpan.FromSeconds(5), policy.DelayBefore(1, TimeSpan.FromSeconds(5)));
        }

        [Fact]
        public void ARetryAfterShorterThanTheBackoffNeverShortensIt()
        {
            var withHint = new RetryPolicy(3, Base, Max, seed: 3);
            var without = new RetryPolicy(3, Base, Max, seed: 3);

            for (var retry = 1; retry <= 6; retry++)
            {
                var backoff = without.DelayBefore(retry, null);
                Assert.Equal(backoff > TimeSpan.FromMilliseconds(1) ? backoff : TimeSpan.FromMilliseconds(1), withHint.DelayBefore(retry, TimeSpan.FromMilliseconds(1)));
            }
        }

        [Fact]
        public void ARetryAfterOfHoursIsCutToTheLongestHonoured()
        {
            var policy = new RetryPolicy(3, Base, Max, maxRetryAfter: TimeSpan.FromSeconds(120));

            Assert.Equal(TimeSpan.FromSeconds(120), policy.DelayBefore(1, TimeSpan.FromHours(10)));
        }

        [Fact]
        public void ANegativeRetryAfterCountsAsNone()
        {
            var policy = new RetryPolicy(3, Base, Max, seed: 5);
            var twin = new RetryPolicy(3, Base, Max, seed: 5);

            Assert.Equal(twin.DelayBefore(2, null), policy.DelayBefore(2, TimeSpan.FromSeconds(-30)));
        }

        [Fact]
        public void DefaultsAreThreeRetriesFrom100MsUpTo20SAndRetryAfterUpTo120S()
        {
            var policy = new RetryPolicy();

            Assert.Equal(3, policy.MaxRetryCount);
            Assert.Equal(TimeSpan.FromMilliseconds(100), policy.BaseDelay);
            Assert.Equal(TimeSpan.FromSeconds(20), policy.MaxDelay);
            Assert.Equal(TimeSpan.FromSeconds(120), policy.MaxRetryAfter);
        }

        [Fact]
        public void ANegativeRetryCountIsRefused()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(-1));
        }
    }
}
