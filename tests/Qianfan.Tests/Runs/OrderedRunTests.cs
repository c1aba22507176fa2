using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Runs;
using Qianfan.Runs.Gate;
using Xunit;

namespace Qianfan.Tests.Runs
{
    /// <summary>A run of items in flight at once whose outcomes come out in the order the items went in.</summary>
    public class OrderedRunTests
    {
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

        private static void Collect(OrderedRun<string> run, List<string> taken, TimeSpan wait)
        {
            var next = run.TakeNext(wait);
            if (next != null) taken.Add(next);
        }
    }
}
