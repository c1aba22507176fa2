using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Runs.Gate;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    /// <summary>The limiter of requests in flight: its limit, its order, retries ahead of first attempts, holding and closing.</summary>
    public class ConcurrencyLimiterTests
    {
        [Fact]
        public async Task LimiterNeverAdmitsMoreThanItsLimit()
        {
            var limiter = new ConcurrencyLimiter(4);
            var inside = 0;
            var peak = 0;
            await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
            {
                using (await limiter.EnterAsync(CancellationToken.None))
                {
                    var now = Interlocked.Increment(ref inside);
                    InterlockedMax(ref peak, now);
                    await Task.Delay(5);
                    Interlocked.Decrement(ref inside);
                }
            }));
            Assert.Equal(4, peak);
            Assert.Equal(0, limiter.InFlight);
        }

        [Fact]
        public async Task ClosedLimiterRefusesWaitersAndLaterCallersButKeepsHeldPlaces()
        {
            var limiter = new ConcurrencyLimiter(1);
            var held = await limiter.EnterAsync(CancellationToken.None);
            var waiting = limiter.EnterAsync(CancellationToken.None);
            var reason = new RunHaltedException("test stop");
            limiter.Close(reason);
            HaltAssert.CopyOf(reason, await Assert.ThrowsAsync<RunHaltedException>(() => waiting));
            HaltAssert.CopyOf(reason, await Assert.ThrowsAsync<RunHaltedException>(() => limiter.EnterAsync(CancellationToken.None)));
            Assert.Equal(1, limiter.InFlight);
            held.Dispose();
            Assert.Equal(0, limiter.InFlight);
        }

        [Fact]
        public async Task ALimiterClosedToFirstAttemptsStillAdmitsRetries()
        {
            var limiter = new ConcurrencyLimiter(1);
            var held = await limiter.EnterAsync(CancellationToken.None);
            var firstWaiting = limiter.EnterAsync(CancellationToken.None);
            var retryWaiting = limiter.EnterAsync(CancellationToken.None, retry: true);
            var reason = new RunHaltedException("no new ids");

            limiter.CloseToFirstAttempts(reason);

            HaltAssert.CopyOf(reason, await Assert.ThrowsAsync<RunHaltedException>(() => firstWaiting));
            HaltAssert.CopyOf(reason, await Assert.ThrowsAsync<RunHaltedException>(() => limiter.EnterAsync(CancellationToken.None)));
            Assert.False(retryWaiting.IsCompleted);
            held.Dispose();
            using (await retryWaiting) Assert.Equal(1, limiter.InFlight);
            using (await limiter.EnterAsync(CancellationToken.None, retry: true)) Assert.Equal(1, limiter.InFlight);
        }

        [Fact]
        public async Task AHeldLimiterGivesAFreedPlaceToARetryAndAdmitsFirstAttemptsOnlyOnceReleased()
        {
            var limiter = new ConcurrencyLimiter(1);
            var held = await limiter.EnterAsync(CancellationToken.None);
            var firstWaiting = limiter.EnterAsync(CancellationToken.None);

            limiter.HoldFirstAttempts();
            held.Dispose();

            Assert.False(firstWaiting.IsCompleted);
            Assert.Equal(0, limiter.InFlight);
            using (await limiter.EnterAsync(CancellationToken.None, retry: true)) Assert.False(firstWaiting.IsCompleted);
            limiter.ReleaseFirstAttempts();
            using (await firstWaiting) Assert.Equal(1, limiter.InFlight);
        }

        [Fact]
        public async Task CancelledWaiterGivesUpItsPlace()
        {
            var limiter = new ConcurrencyLimiter(1);
            var held = await limiter.EnterAsync(CancellationToken.None);
            using (var cancel = new CancellationTokenSource())
            {
                var waiting = limiter.EnterAsync(cancel.Token);
                cancel.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
            }
            held.Dispose();
            using (await limiter.EnterAsync(CancellationToken.None)) Assert.Equal(1, limiter.InFlight);
        }

        [Fact]
        public async Task WaitersGetTheirPlacesInTheOrderTheyAsked()
        {
            var limiter = new ConcurrencyLimiter(1);
            var held = await limiter.EnterAsync(CancellationToken.None);
            var waiters = Enumerable.Range(0, 5).Select(_ => limiter.EnterAsync(CancellationToken.None)).ToArray();

            var release = held;
            for (var next = 0; next < waiters.Length; next++)
            {
                Assert.All(waiters.Skip(next), w => Assert.False(w.IsCompleted));
                release.Dispose();
                // A place is handed over as the last holder leaves, to the longest waiter.
                Assert.True(waiters[next].IsCompleted, $"waiter {next}");
                release = await waiters[next];
            }
            release.Dispose();
            Assert.Equal(0, limiter.InFlight);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
        }
    }
}
