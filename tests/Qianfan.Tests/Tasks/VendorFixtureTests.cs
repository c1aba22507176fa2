using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    /// <summary>Every vendor-shaped answer of tests/data/vendor read through the module's own readers.</summary>
    public class VendorFixtureTests
    {
        /// <summary>What each error fixture must read as: its code, and whether it is throttling.</summary>
        private static readonly Dictionary<string, (string Code, bool Throttling)> Refusals = new Dictionary<string, (string, bool)>
        {
            ["error-inappropriate-json"] = ("InappropriateJSON", false),
            ["error-access-denied"] = ("AccessDenied", false),
            ["error-legacy-qps"] = ("18", true),
            ["error-legacy-rpm"] = ("336501", true),
            ["error-legacy-token"] = ("110", false),
            ["error-rate-limit-page"] = ("336501", true),
            ["error-v2"] = ("invalid_model", false),
            ["error-v2-rate-limit"] = ("rpm_rate_limit_exceeded", true),
        };

        private static readonly string[] Answers =
        {
            "describe-done", "describe-running", "list-vendor-truncated", "list-vendor-last", "list-last-id-truncated", "stop", "delete", "stop-false",
        };

        private static ScriptedConsole Serving(params string[] names)
        {
            var queue = new Queue<VendorFixture>(names.Select(VendorFixture.Load));
            return new ScriptedConsole(_ =>
            {
                var fixture = queue.Dequeue();
                return (fixture.Status, fixture.Body);
            });
        }

        [Theory]
        [MemberData(nameof(VendorFixture.Names), MemberType = typeof(VendorFixture))]
        public void EveryFixtureIsReadByTheResponseInterpreterAsWhatItIs(string name)
        {
            var fixture = VendorFixture.Load(name);
            using (var response = new HttpResponseMessage(fixture.Status))
            {
                var body = Encoding.UTF8.GetBytes(fixture.Body);
                if (Refusals.TryGetValue(name, out var expected))
                {
                    var failure = Assert.Throws<QianfanServiceException>(() => ResponseInterpreter.Interpret("Action", response, body, new FakeClock(), out _));
                    Assert.Equal(FailureKind.Service, failure.Kind);
                    Assert.Equal(expected.Code, failure.ErrorCode);
                    Assert.False(string.IsNullOrEmpty(failure.ServiceMessage));
                    Assert.Equal(expected.Throttling, failure.IsThrottling);
                }
                else
                {
                    Assert.Contains(name, Answers);
                    var result = ResponseInterpreter.Interpret("Action", response, body, new FakeClock(), out var requestId);
                    Assert.NotEqual(System.Text.Json.JsonValueKind.Undefined, result.ValueKind);
                    Assert.Equal(fixture.Json.GetProperty("requestId").GetString(), requestId);
                }
            }
        }

        [Fact]
        public void TheConsoleShapesRequestIdComesWithTheRefusal()
        {
            var fixture = VendorFixture.Load("error-inappropriate-json");
            using (var response = new HttpResponseMessage(fixture.Status))
            {
                var failure = Assert.Throws<QianfanServiceException>(() => ResponseInterpreter.Interpret("Action", response, Encoding.UTF8.GetBytes(fixture.Body), new FakeClock(), out _));
                Assert.Equal("deb38cd1-d880-4259-a35d-c383f0fcddca", failure.RequestId);
            }
        }

        [Fact]
        public async Task TheDescribeAnswerIsReadWithItsAfsLocationsAndEveryFieldUnderstood()
        {
            var task = Assert.Single((await BatchTaskReader.DescribeAsync(Serving("describe-done").Client(), "infer-7kq2m4x9wz3b", CancellationToken.None)).Tasks);

            Assert.Equal("infer-7kq2m4x9wz3b", task.TaskId);
            Assert.Equal("Done", task.RunStatus);
            Assert.Equal("afs:/eval-data/inference-afs-input/", task.InputAfsUri);
            Assert.Equal("afs:/eval-data/inference-afs-output/", task.OutputAfsUri);
            Assert.Equal(300d, task.Progress);
            Assert.Equal(new DateTime(2024, 5, 14, 9, 27, 5, DateTimeKind.Utc), task.FinishTimeUtc);
            Assert.Empty(task.AdditionalFields);
        }

        [Fact]
        public async Task ARunningTasksEmptyFinishTimeIsNoTime()
        {
            var task = Assert.Single((await BatchTaskReader.DescribeAsync(Serving("describe-running").Client(), "infer-p3n8c5v1tq6r", CancellationToken.None)).Tasks);

            Assert.Equal("Running", task.RunStatus);
            Assert.Null(task.FinishTimeUtc);
            Assert.Equal(5200L, task.InputTokenUsage);
            Assert.Equal("accountName", task.Creator);
            Assert.Empty(task.AdditionalFields);
        }

        [Fact]
        public async Task TheVendorsPagesAreFollowedByNextMarker()
        {
            var console = Serving("list-vendor-truncated", "list-vendor-last");
            var pager = new BatchTaskPager(console.Client(), null, 2);

            var first = await pager.NextPageAsync(CancellationToken.None);
            Assert.True(pager.HasMore);
            var last = await pager.NextPageAsync(CancellationToken.None);

            Assert.Equal(new[] { "infer-a1b2c3d4e5f6", "infer-a1b2c3d4e5g7" }, first.Tasks.Select(t => t.TaskId));
            Assert.Equal("infer-a1b2c3d4e5h8", Assert.Single(last.Tasks).TaskId);
            Assert.Equal("infer-a1b2c3d4e5h8", console.Requests[1].Body.GetProperty("marker").GetString());
            Assert.False(pager.HasMore);
            Assert.All(first.Tasks.Concat(last.Tasks), t => Assert.Empty(t.AdditionalFields));
        }

        [Fact]
        public async Task TheOlderPageIsFollowedByItsMarker()
        {
            var console = Serving("list-last-id-truncated", "list-vendor-last");
            var pager = new BatchTaskPager(console.Client(), null, 1);

            await pager.NextPageAsync(CancellationToken.None);
            await pager.NextPageAsync(CancellationToken.None);

            Assert.Equal("infer-a1b2c3d4e5f6", console.Requests[1].Body.GetProperty("marker").GetString());
        }

        [Theory]
        [InlineData("stop", true)]
        [InlineData("delete", true)]
        [InlineData("stop-false", false)]
        public async Task StopAndDeleteAnswersAreReadByTheExecutor(string name, bool succeeded)
        {
            var action = name.StartsWith("delete", StringComparison.Ordinal) ? BatchTaskAction.Delete : BatchTaskAction.Stop;
            var outcome = await new BatchTaskExecutor(Serving(name).Client()).ExecuteAsync("infer-1", action, CancellationToken.None);

            Assert.Equal(succeeded, outcome.Succeeded);
            if (!succeeded) Assert.Equal(BatchTaskExecutor.ResultFalse, Assert.IsType<QianfanServiceException>(outcome.Failure).ErrorCode);
        }

        [Theory]
        [InlineData("error-legacy-qps")]
        [InlineData("error-legacy-rpm")]
        [InlineData("error-rate-limit-page")]
        [InlineData("error-v2-rate-limit")]
        public async Task AStopThrottledInAnyShapeIsSentAgainAndDone(string throttled)
        {
            var console = Serving(throttled, "stop");

            var outcome = await new BatchTaskExecutor(console.Client(maxRetryCount: 0)).ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Failure?.Message);
            Assert.Equal(2, console.Requests.Count);
        }
    }
}
