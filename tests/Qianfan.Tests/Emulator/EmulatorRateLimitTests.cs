using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Qianfan.Emulator.Faults;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>The shapes of the per-second limit: a bucket of any size, or a fixed one-second window.</summary>
    public class EmulatorRateLimitTests
    {
        private static int Accepted(RequestLimit limit, params double[] at) => at.Count(limit.TryTake);

        [Fact]
        public void AStrictBucketLetsItsSmallBurstThroughThenOnlyEvenlySpacedRequests()
        {
            var limit = new RequestLimit(LimitShape.Bucket(20, 2), 0);
            Assert.Equal(2, Accepted(limit, 0, 0, 0, 0)); // a tenth of a second's worth, at once
            Assert.Equal(2, Accepted(limit, 0.05, 0.10)); // then one every 50 ms
            Assert.Equal(0, Accepted(limit, 0.11));
        }

        [Fact]
        public void AOneTokenBucketThrottlesEveryOtherStartOfAPaceOverItsRate()
        {
            var limit = new RequestLimit(LimitShape.Bucket(10, 1), 0);
            // 12 a second, evenly: a throttled start leaves the bucket full, and the surplus is lost.
            var at = Enumerable.Range(0, 12).Select(i => i / 12.0).ToArray();
            Assert.Equal(6, Accepted(limit, at));
        }

        [Fact]
        public void AFixedWindowCountsEachSecondFromItsStartAfresh()
        {
            var limit = new RequestLimit(LimitShape.FixedWindow(3), 10);
            Assert.Equal(3, Accepted(limit, 10.0, 10.1, 10.2, 10.3, 10.99));
            Assert.Equal(3, Accepted(limit, 11.0, 11.0, 11.0, 11.0)); // a burst at the edge: the window's whole count at once
            Assert.Equal(1, Accepted(limit, 12.5));
        }

        [Fact]
        public void TheSettingsTableHasTheShapesAndTheDefaultIsABucketOfOneSecondsWorth()
        {
            var options = CommandLine.Parse(new[] { "--qps", "20", "--qps-bucket", "2" })!;
            Assert.Equal(2, options.QpsBucket);
            Assert.False(options.QpsWindow);
            Assert.True(CommandLine.Parse(new[] { "--qps", "20", "--qps-window" })!.QpsWindow);
            var defaults = new EmulatorOptions();
            Assert.Equal(0, defaults.QpsBucket);
            Assert.False(defaults.QpsWindow);
            Assert.Contains("--qps-bucket", CommandLine.Usage, StringComparison.Ordinal);
            Assert.Contains("--qps-window", CommandLine.Usage, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(0, false, 10)] // the default: a bucket of a second's worth
        [InlineData(1, false, 1)]
        [InlineData(0, true, 10)]
        public async Task ABurstAgainstTheServerGetsThroughAsTheShapeAllows(double bucket, bool window, int through)
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Tasks = 20, Qps = 10, QpsBucket = bucket, QpsWindow = window });
            using var client = new SignedEmulatorClient(server);
            var replies = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
                client.CallAsync("DescribeBatchInferenceTask", new { taskId = $"infer-{i:D6}" })));
            var accepted = replies.Count(r => r.Status == HttpStatusCode.OK);
            // A burst of twenty: what the bucket or window holds gets through (plus what refills meanwhile, for a bucket).
            Assert.InRange(accepted, through, through + 2);
            Assert.All(replies.Where(r => r.Status != HttpStatusCode.OK), r => Assert.Equal(429, (int)r.Status));
        }
    }
}
