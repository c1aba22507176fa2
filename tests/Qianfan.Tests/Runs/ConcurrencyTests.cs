using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Runs;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Runs
{
    public class ConcurrencyTests
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
        public void OrderedRunReturnsOutcomesInSubmissionOrderWhateverTheirTiming()
        {
            var random = new Random(7);
            var delays = Enumerable.Range(0, 200).Select(_ => random.Next(0, 15)).ToArray();
            var taken = new List<string>();
            using (var run = new OrderedRun<string>(async (item, token) =>
            {
                await Task.Delay(delays[int.Parse(item, System.Globalization.CultureInfo.InvariantCulture)], token);
                return item;
            }, window: 16))
            {
                for (var i = 0; i < delays.Length; i++)
                {
                    run.Submit(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    while (run.IsFull) Collect(run, taken, TimeSpan.FromSeconds(5));
                    Assert.True(run.Pending <= 16);
                }
                while (run.Pending > 0) Collect(run, taken, TimeSpan.FromSeconds(5));
            }
            Assert.Equal(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), taken);
        }

        [Fact]
        public void ItemsQueueForTheGateInTheOrderTheyWereSubmitted()
        {
            var limiter = new ConcurrencyLimiter(2);
            var asked = new System.Collections.Concurrent.ConcurrentQueue<int>();
            using (var run = new OrderedRun<string>(async (item, token) =>
            {
                // Recorded as the item asks for its place, before any await: where it stands in the line.
                asked.Enqueue(int.Parse(item, System.Globalization.CultureInfo.InvariantCulture));
                using (await limiter.EnterAsync(token))
                    await Task.Delay(1, token);
                return item;
            }, window: 300))
            {
                for (var i = 0; i < 300; i++)
                {
                    run.Submit(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    // Submit has the item ask for its place before it returns, so the line follows the input.
                    Assert.Equal(i + 1, asked.Count);
                }
                var taken = new List<string>();
                while (run.Pending > 0) Collect(run, taken, TimeSpan.FromSeconds(10));
            }
            Assert.Equal(Enumerable.Range(0, 300), asked);
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

        [Fact]
        public void DecidedOutcomesKeepTheirPlace()
        {
            using (var run = new OrderedRun<string>(async (item, token) => { await Task.Delay(30, token); return item; }, window: 8))
            {
                run.Submit("a");
                run.SubmitDecided("bad");
                run.Submit("c");
                var taken = new List<string>();
                while (run.Pending > 0) Collect(run, taken, TimeSpan.FromSeconds(5));
                Assert.Equal(new[] { "a", "bad", "c" }, taken);
            }
        }

        [Fact]
        public async Task CancellingTheRunEndsTheWaitAndTheWorkInFlight()
        {
            var itemToken = new TaskCompletionSource<CancellationToken>();
            using (var run = new OrderedRun<string>(async (item, token) =>
            {
                itemToken.SetResult(token);
                await Task.Delay(Timeout.Infinite, token);
                return item;
            }, window: 4))
            {
                run.Submit("never-ends");
                // The item never ends and the wait allows days: only the cancellation can end TakeNext.
                var taking = Task.Run(() => run.TakeNext(TimeSpan.FromDays(1)));
                var cancelling = Task.Run(async () => { await Task.Delay(100); run.Cancel(); });

                // The time limit only keeps a broken cancellation from hanging the suite; it measures nothing.
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => taking.WaitAsync(TimeSpan.FromMinutes(2)));
                await cancelling;
                Assert.True((await itemToken.Task).IsCancellationRequested, "the item in flight saw the run cancelled");
            }
        }

        [Theory]
        [InlineData("  infer-1 \r", nameof(TaskIdVerdict.Valid), "infer-1")]
        [InlineData("   ", nameof(TaskIdVerdict.Blank), "")]
        [InlineData(null, nameof(TaskIdVerdict.Blank), "")]
        [InlineData("infer 1", nameof(TaskIdVerdict.Invalid), "infer 1")]
        [InlineData("infer-\u00071", nameof(TaskIdVerdict.Invalid), "infer-\u00071")]
        [InlineData("infer-1,infer-2", nameof(TaskIdVerdict.Invalid), "infer-1,infer-2")]
        [InlineData(" infer-1, ", nameof(TaskIdVerdict.Invalid), "infer-1,")]
        public void TaskIdsAreTrimmedAndChecked(string? raw, string verdictName, string cleaned)
        {
            var verdict = Enum.Parse<TaskIdVerdict>(verdictName);
            Assert.Equal(verdict, TaskIdInput.Check(raw, out var id, out var problem));
            Assert.Equal(cleaned, id);
            Assert.Equal(verdict == TaskIdVerdict.Invalid, problem != null);
        }

        [Fact]
        public void CommaSeparatedIdsAreRefusedWithAdviceToSplitThem()
        {
            var longList = string.Join(",", Enumerable.Range(1, 20).Select(i => "infer-" + i));
            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(longList, out _, out var problem));
            Assert.Contains("comma", problem);
            Assert.Contains("-split ','", problem);
        }

        [Fact]
        public void OverlongTaskIdIsInvalid()
        {
            Assert.Equal(TaskIdVerdict.Valid, TaskIdInput.Check(new string('a', 128), out _, out _));
            Assert.Equal(TaskIdVerdict.Invalid, TaskIdInput.Check(new string('a', 129), out _, out var problem));
            Assert.Contains("129", problem);
        }

        private static void Collect(OrderedRun<string> run, List<string> taken, TimeSpan wait)
        {
            var next = run.TakeNext(wait);
            if (next != null) taken.Add(next);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current) { }
        }
    }
}
