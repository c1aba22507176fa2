using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    public class EmulatorFaultTests
    {
        private static Task<EmulatorServer> StartAsync(Action<EmulatorOptions> configure)
        {
            var options = new EmulatorOptions { Tasks = 10, Seed = 1234 };
            configure(options);
            return EmulatorServer.StartAsync(options);
        }

        [Fact]
        public async Task FailAndThrottleRatesProduce500And429AtAboutTheConfiguredRate()
        {
            await using var server = await StartAsync(o =>
            {
                o.FailRate = 0.2;
                o.ThrottleRate = 0.1;
                o.RetryAfterSec = 7;
            });
            using var client = new SignedEmulatorClient(server);

            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 400; i++)
            {
                var reply = await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000001" });
                statuses.Add(reply.Status);
                if (reply.Status == HttpStatusCode.InternalServerError) Assert.Equal("InternalError", reply.Code);
                if (reply.Status == HttpStatusCode.TooManyRequests)
                {
                    Assert.Equal("RequestLimitExceeded", reply.Code);
                    Assert.Equal(TimeSpan.FromSeconds(7), reply.Response.Headers.RetryAfter?.Delta);
                }
            }

            var failed = statuses.Count(s => s == HttpStatusCode.InternalServerError);
            var throttled = statuses.Count(s => s == HttpStatusCode.TooManyRequests);
            Assert.InRange(failed, 50, 110);
            Assert.InRange(throttled, 20, 65);
            Assert.Equal(400 - failed - throttled, statuses.Count(s => s == HttpStatusCode.OK));

            var stats = server.Stats.Snapshot();
            Assert.Equal(400, stats.Total);
            Assert.Equal(failed, stats.Fail);
            Assert.Equal(throttled, stats.Throttle);
        }

        [Fact]
        public async Task TheSameSeedRepeatsTheSameFaultPattern()
        {
            async Task<string> PatternAsync()
            {
                await using var server = await StartAsync(o => o.FailRate = 0.5);
                using var client = new SignedEmulatorClient(server);
                var pattern = "";
                for (var i = 0; i < 40; i++)
                {
                    var reply = await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000001" });
                    pattern += reply.Status == HttpStatusCode.OK ? "." : "X";
                }
                return pattern;
            }

            var first = await PatternAsync();
            Assert.Equal(first, await PatternAsync());
            Assert.Contains("X", first);
            Assert.Contains(".", first);
        }

        [Fact]
        public async Task AFailedOrThrottledRequestDoesNotChangeTheTaskTable()
        {
            await using var server = await StartAsync(o => o.FailRate = 1);
            using var client = new SignedEmulatorClient(server);

            Assert.Equal(HttpStatusCode.InternalServerError, (await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000001" })).Status);
            await client.AdminAsync("POST", "config", new { failRate = 0, throttleRate = 1 });
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000001" })).Status);

            Assert.Equal("Running", server.Tasks.Find("infer-000001")?.RunStatus);
        }

        [Fact]
        public async Task ResetsDropConnectionsAndAboutHalfOfThemApplyTheActionFirst()
        {
            await using var server = await StartAsync(o =>
            {
                o.Tasks = 200;
                o.ResetRate = 0.3;
            });
            using var client = new SignedEmulatorClient(server) { CloseConnections = true };

            var dropped = new List<string>();
            var answered = new List<string>();
            for (var i = 1; i <= 200; i++)
            {
                var taskId = $"infer-{i:D6}";
                try
                {
                    var reply = await client.CallAsync("StopBatchInferenceTask", new { taskId });
                    Assert.Equal(HttpStatusCode.OK, reply.Status);
                    answered.Add(taskId);
                }
                catch (HttpRequestException)
                {
                    dropped.Add(taskId);
                }
            }

            Assert.InRange(dropped.Count, 35, 85);
            Assert.Equal(dropped.Count, server.Stats.Snapshot().Reset);
            Assert.All(answered, id => Assert.Equal("Stopped", server.Tasks.Find(id)?.RunStatus));
            var appliedAnyway = dropped.Count(id => server.Tasks.Find(id)?.RunStatus == "Stopped");
            Assert.InRange(appliedAnyway, dropped.Count / 4, dropped.Count * 3 / 4);
        }

        [Fact]
        public async Task StatsCountAuthenticatedRequestsByActionAndTaskId()
        {
            await using var server = await StartAsync(o => { });
            using var client = new SignedEmulatorClient(server);

            await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000001" });
            await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000001" });
            await client.CallAsync("DeleteBatchInferenceTask", new { taskId = "infer-000001" });
            await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000002" });
            await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 5 });
            client.SecretKey = "wrong";
            await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000003" });

            var stats = await client.AdminAsync("GET", "stats");
            Assert.Equal(5, stats.GetProperty("total").GetInt32());
            Assert.Equal(3, stats.GetProperty("byAction").GetProperty("StopBatchInferenceTask").GetInt32());
            Assert.Equal(1, stats.GetProperty("byAction").GetProperty("DescribeBatchInferenceTasks").GetInt32());
            var first = stats.GetProperty("byId").GetProperty("infer-000001");
            Assert.Equal(2, first.GetProperty("StopBatchInferenceTask").GetInt32());
            Assert.Equal(1, first.GetProperty("DeleteBatchInferenceTask").GetInt32());
            Assert.False(stats.GetProperty("byId").TryGetProperty("infer-000003", out _));
            Assert.Equal(1, stats.GetProperty("authFailures").GetInt32());
            Assert.Equal(0, stats.GetProperty("faults").GetProperty("fail").GetInt32());
            Assert.True(stats.GetProperty("maxConcurrent").GetInt32() >= 1);

            var reset = await client.AdminAsync("POST", "reset-stats");
            Assert.Equal(0, reset.GetProperty("total").GetInt32());
            Assert.Empty(server.Stats.Snapshot().ById);
        }

        [Fact]
        public async Task LatencyIsWaitedWithoutBlockingSoRequestsOverlap()
        {
            // A latency longer than any run of this test: a request answered or counted would have skipped it.
            await using var server = await StartAsync(o => o.LatencyMs = 600_000);
            using var client = new SignedEmulatorClient(server);
            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var giveUp = new CancellationTokenSource();
            var pending = Enumerable.Range(0, 20).Select(_ => http.SendAsync(
                client.BuildRequest("DescribeBatchInferenceTask", "{\"taskId\":\"infer-000001\"}", DateTimeOffset.UtcNow, 1800), giveUp.Token)).ToArray();

            // All twenty get inside the emulator at once, each waiting out its latency: none answered, none counted.
            // (The limit only keeps a broken emulator from hanging the suite; it measures nothing.)
            using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2)))
            {
                while (server.Stats.Snapshot().MaxConcurrent < 20)
                {
                    Assert.DoesNotContain(pending, p => p.IsCompleted);
                    await Task.Delay(10, limit.Token);
                }
            }
            Assert.DoesNotContain(pending, p => p.IsCompleted);
            Assert.Equal(0, server.Stats.Snapshot().Total);

            // A client that gives up is not served later: the emulator counts none of the abandoned requests.
            giveUp.Cancel();
            foreach (var request in pending) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
            Assert.Equal(0, server.Stats.Snapshot().Total);
        }

        [Fact]
        public async Task TheAdminTaskRouteAddsReplacesAndListsTasks()
        {
            await using var server = await StartAsync(o => { });
            using var client = new SignedEmulatorClient(server);

            await client.AdminAsync("POST", "tasks", new { tasks = new[] { new { taskId = "infer-abc", runStatus = "failed", name = "x" } } });
            var table = await client.AdminAsync("GET", "tasks");
            Assert.Equal(11, table.EnumerateObject().Count());
            Assert.Equal("Failed", table.GetProperty("infer-abc").GetString());

            await client.AdminAsync("POST", "tasks", new { tasks = new[] { new { taskId = "infer-only", runStatus = "Running", name = "y" } }, replace = true });
            table = await client.AdminAsync("GET", "tasks");
            Assert.Equal(new[] { "infer-only" }, table.EnumerateObject().Select(p => p.Name));
        }

        [Fact]
        public async Task ManyConcurrentSignedRequestsAreEachCountedAndAppliedOnce()
        {
            await using var server = await StartAsync(o => o.Tasks = 2000);
            using var client = new SignedEmulatorClient(server);

            await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
            {
                for (var i = worker + 1; i <= 2000; i += 8)
                {
                    var reply = await client.CallAsync("StopBatchInferenceTask", new { taskId = $"infer-{i:D6}" });
                    Assert.Equal(HttpStatusCode.OK, reply.Status);
                }
            }));

            Assert.All(server.Tasks.Snapshot(), t => Assert.Equal("Stopped", t.RunStatus));
            Assert.Equal(2000, server.Stats.Snapshot().ByAction["StopBatchInferenceTask"]);
            Assert.Equal(1, server.Stats.Snapshot().Count("infer-001999", "StopBatchInferenceTask"));
        }
    }
}
