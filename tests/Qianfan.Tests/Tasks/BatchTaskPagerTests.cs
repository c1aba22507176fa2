using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    public class BatchTaskPagerTests
    {
        private static readonly string[] Cycle = { "Running", "Done", "Stopped", "Failed", "Expired" };

        /// <summary>How a stand-in pages its table.</summary>
        public enum Paging
        {
            /// <summary>As the vendor's answers show it: the request's marker is where the page starts (inclusive) and is echoed; nextMarker is the next page's first task.</summary>
            Vendor,
            /// <summary>The same without nextMarker: the client must go on from the page's last task, which then comes again.</summary>
            VendorWithoutNextMarker,
            /// <summary>The older shape: pageInfo.marker is the page's last task, and the next page starts strictly after the marker sent.</summary>
            LastId,
        }

        /// <summary>A task table served in one of the paging shapes.</summary>
        private static ScriptedConsole TableConsole(IReadOnlyList<(string Id, string Status)> table, Paging paging = Paging.Vendor)
        {
            return new ScriptedConsole(request =>
            {
                var body = request.Body;
                var marker = body.TryGetProperty("marker", out var m) ? m.GetString() : null;
                var maxKeys = body.TryGetProperty("maxKeys", out var k) ? k.GetInt32() : 10;
                var statuses = body.TryGetProperty("runStatus", out var s) ? s.EnumerateArray().Select(e => e.GetString()).ToList() : null;
                var inclusive = paging != Paging.LastId;
                var candidates = table
                    .Where(t => marker == null || string.CompareOrdinal(t.Id, marker) > (inclusive ? -1 : 0))
                    .Where(t => statuses == null || statuses.Contains(t.Status))
                    .ToList();
                var page = candidates.Take(maxKeys).ToList();
                var truncated = candidates.Count > maxKeys;
                return ScriptedConsole.Result(paging switch
                {
                    Paging.Vendor => PageJson(page, marker ?? "", maxKeys, truncated, truncated ? candidates[maxKeys].Id : null),
                    Paging.VendorWithoutNextMarker => PageJson(page, marker ?? "", maxKeys, truncated),
                    _ => PageJson(page, truncated ? page[page.Count - 1].Id : "", maxKeys, truncated),
                });
            });
        }

        private static string PageJson(IEnumerable<(string Id, string Status)> tasks, string marker, int maxKeys, bool truncated, string? nextMarker = null) =>
            JsonSerializer.Serialize(new
            {
                taskList = tasks.Select(t => new { taskId = t.Id, name = "n-" + t.Id, runStatus = t.Status, createTime = "2025-01-02T03:04:05Z" }),
                pageInfo = nextMarker == null
                    ? (object)new { marker, maxKeys, isTruncated = truncated }
                    : new { marker, maxKeys, isTruncated = truncated, nextMarker },
            });

        private static List<(string Id, string Status)> Table(int count) =>
            Enumerable.Range(1, count).Select(i => ($"infer-{i:D6}", Cycle[i % Cycle.Length])).ToList();

        private static async Task<List<BatchTask>> ReadAll(BatchTaskPager pager)
        {
            var all = new List<BatchTask>();
            while (pager.HasMore) all.AddRange((await pager.NextPageAsync(CancellationToken.None)).Tasks);
            return all;
        }

        [Theory]
        [InlineData(Paging.Vendor, "infer-000101", "infer-000201")]
        [InlineData(Paging.VendorWithoutNextMarker, "infer-000100", "infer-000199")]
        [InlineData(Paging.LastId, "infer-000100", "infer-000200")]
        public async Task ListsEveryTaskOnceOverSeveralPagesFollowingTheMarker(Paging paging, string secondMarker, string thirdMarker)
        {
            var table = Table(250);
            var console = TableConsole(table, paging);
            var pager = new BatchTaskPager(console.Client(), null, 100);

            var tasks = await ReadAll(pager);

            Assert.Equal(table.Select(t => t.Id), tasks.Select(t => t.TaskId));
            Assert.Equal(3, console.Requests.Count);
            Assert.All(console.Requests, r => Assert.Equal(ServiceProtocol.Actions.DescribeBatchInferenceTasks, r.Action));
            Assert.All(console.Requests, r => Assert.Equal(100, r.Body.GetProperty("maxKeys").GetInt32()));
            Assert.False(console.Requests[0].Body.TryGetProperty("marker", out _));
            Assert.Equal(secondMarker, console.Requests[1].Body.GetProperty("marker").GetString());
            Assert.Equal(thirdMarker, console.Requests[2].Body.GetProperty("marker").GetString());
            Assert.All(console.Requests, r => Assert.False(r.Body.TryGetProperty("runStatus", out _)));
            Assert.Equal(3, pager.PagesRead);
            Assert.Equal(250, pager.TasksReturned);
            Assert.Equal(paging == Paging.VendorWithoutNextMarker ? 2 : 0, pager.DuplicatesSkipped);
            Assert.False(pager.HasMore);
        }

        [Fact]
        public async Task NextMarkerWinsOverTheEchoedMarkerAndTheLastId()
        {
            var pages = new Queue<string>(new[]
            {
                PageJson(new[] { ("infer-a", "Running"), ("infer-b", "Running") }, "", 2, true, "infer-x"),
                PageJson(new[] { ("infer-x", "Done") }, "infer-x", 2, false),
            });
            var console = new ScriptedConsole(_ => ScriptedConsole.Result(pages.Dequeue()));
            var pager = new BatchTaskPager(console.Client(), null, 2);

            var tasks = await ReadAll(pager);

            Assert.Equal(new[] { "infer-a", "infer-b", "infer-x" }, tasks.Select(t => t.TaskId));
            Assert.Equal("infer-x", console.Requests[1].Body.GetProperty("marker").GetString());
        }

        [Fact]
        public async Task WithoutNextMarkerAMarkerOtherThanTheOneSentIsTheNextOne()
        {
            var pages = new Queue<string>(new[]
            {
                PageJson(new[] { ("infer-a", "Running"), ("infer-b", "Running") }, "infer-m", 2, true),
                PageJson(new[] { ("infer-n", "Done") }, "infer-m", 2, false),
            });
            var console = new ScriptedConsole(_ => ScriptedConsole.Result(pages.Dequeue()));
            var pager = new BatchTaskPager(console.Client(), null, 2);

            await ReadAll(pager);

            Assert.Equal("infer-m", console.Requests[1].Body.GetProperty("marker").GetString());
        }

        [Fact]
        public async Task StatusFilterIsSentOnEveryPageInTheServicesSpellingWithoutRepeats()
        {
            var table = Table(250);
            var console = TableConsole(table);
            var pager = new BatchTaskPager(console.Client(), new[] { "running", "FAILED", "Running" }, 30);

            var tasks = await ReadAll(pager);

            var expected = table.Where(t => t.Status == "Running" || t.Status == "Failed").Select(t => t.Id).ToList();
            Assert.Equal(100, expected.Count);
            Assert.Equal(expected, tasks.Select(t => t.TaskId));
            Assert.Equal(4, console.Requests.Count);
            foreach (var request in console.Requests)
                Assert.Equal(new[] { "Running", "Failed" }, request.Body.GetProperty("runStatus").EnumerateArray().Select(e => e.GetString()));
        }

        [Fact]
        public async Task ReadsOnePageAtATimeSoACallerThatStopsAsksForNoMore()
        {
            var console = TableConsole(Table(250));
            var pager = new BatchTaskPager(console.Client(), null, 100);

            var first = await pager.NextPageAsync(CancellationToken.None);

            Assert.Equal(100, first.Tasks.Count);
            Assert.True(pager.HasMore);
            Assert.Single(console.Requests);
            Assert.StartsWith("req-", first.Answer.RequestId);
        }

        [Fact]
        public async Task ATaskShownOnTwoPagesComesOutOnce()
        {
            var pages = new Queue<string>(new[]
            {
                PageJson(new[] { ("infer-a", "Running"), ("infer-b", "Running") }, "infer-b", 2, true),
                PageJson(new[] { ("infer-b", "Running"), ("infer-c", "Done") }, "", 2, false),
            });
            var console = new ScriptedConsole(_ => ScriptedConsole.Result(pages.Dequeue()));
            var pager = new BatchTaskPager(console.Client(), null, 2);

            var tasks = await ReadAll(pager);

            Assert.Equal(new[] { "infer-a", "infer-b", "infer-c" }, tasks.Select(t => t.TaskId));
            Assert.Equal(1, pager.DuplicatesSkipped);
            Assert.Equal(3, pager.TasksReturned);
        }

        [Fact]
        public async Task AnEmptyTableTakesOneRequest()
        {
            var console = TableConsole(Table(0));
            var pager = new BatchTaskPager(console.Client(), null);

            var tasks = await ReadAll(pager);

            Assert.Empty(tasks);
            Assert.Single(console.Requests);
            Assert.Equal(BatchTaskPager.DefaultPageSize, console.Requests[0].Body.GetProperty("maxKeys").GetInt32());
            await Assert.ThrowsAsync<InvalidOperationException>(() => pager.NextPageAsync(CancellationToken.None));
        }

        [Fact]
        public async Task APageWithoutProgressEndsTheListingAfterItsTasksQuotingThePageInfo()
        {
            // A stand-in that ignores the marker: the same truncated page, with neither nextMarker nor a new marker.
            var console = new ScriptedConsole(_ => ScriptedConsole.Result(PageJson(new[] { ("infer-a", "Running"), ("infer-b", "Done") }, "", 2, true)));
            var pager = new BatchTaskPager(console.Client(), null, 2);

            var first = await pager.NextPageAsync(CancellationToken.None);
            var second = await pager.NextPageAsync(CancellationToken.None);
            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => pager.NextPageAsync(CancellationToken.None));

            Assert.Equal(new[] { "infer-a", "infer-b" }, first.Tasks.Select(t => t.TaskId));
            Assert.Empty(second.Tasks);
            Assert.Equal("infer-b", console.Requests[1].Body.GetProperty("marker").GetString());
            Assert.Equal(2, console.Requests.Count);
            Assert.Equal(FailureKind.UnexpectedAnswer, failure.Kind);
            Assert.Contains("\"isTruncated\":true", failure.Message);
            Assert.Contains("2 task(s) were listed", failure.Message);
            Assert.DoesNotContain("not the service's JSON", failure.Message);
            Assert.StartsWith("req-", failure.RequestId);
            // The page's attempts came out with its tasks; the failure that ends the listing repeats none.
            Assert.Single(second.Answer.Attempts);
            Assert.Empty(failure.Attempts);
        }

        [Fact]
        public async Task ATruncatedEmptyPageWithoutAMarkerEndsTheListing()
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Result(PageJson(Array.Empty<(string, string)>(), "", 2, true)));
            var pager = new BatchTaskPager(console.Client(), null, 2);

            Assert.Empty((await pager.NextPageAsync(CancellationToken.None)).Tasks);
            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => pager.NextPageAsync(CancellationToken.None));

            Assert.Equal(FailureKind.UnexpectedAnswer, failure.Kind);
            Assert.Single(console.Requests);
        }

        [Theory]
        [InlineData("{\"pageInfo\":{\"isTruncated\":false}}")]
        [InlineData("[]")]
        [InlineData("{\"taskList\":[1,2]}")]
        public async Task AnAnswerThatIsNotATaskListIsUnexpectedAnswer(string result)
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Result(result));
            var pager = new BatchTaskPager(console.Client(), null);

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => pager.NextPageAsync(CancellationToken.None));

            Assert.Equal(FailureKind.UnexpectedAnswer, failure.Kind);
            Assert.Equal(ServiceProtocol.Actions.DescribeBatchInferenceTasks, failure.ActionName);
            Assert.StartsWith("req-", failure.RequestId);
            Assert.Single(failure.Attempts);
        }

        [Fact]
        public async Task AServiceErrorComesOutWithItsCode()
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Error(HttpStatusCode.BadRequest, "InvalidParameter", "maxKeys must be at least 1"));
            var pager = new BatchTaskPager(console.Client(), null);

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => pager.NextPageAsync(CancellationToken.None));

            Assert.Equal("InvalidParameter", failure.ErrorCode);
            Assert.Contains("maxKeys must be at least 1", failure.Message);
            Assert.Equal(0, pager.PagesRead);
        }

        [Fact]
        public void AnUnknownStatusIsRefusedBeforeAnyRequest()
        {
            var console = TableConsole(Table(3));
            var problem = Assert.Throws<ArgumentException>(() => new BatchTaskPager(console.Client(), new[] { "Paused" }));
            Assert.Contains("Running, Done, Stopped, Failed, Expired", problem.Message);
            Assert.Empty(console.Requests);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(101)]
        public void PageSizeOutsideTheServicesRangeIsRefused(int pageSize)
        {
            var console = TableConsole(Table(3));
            Assert.Throws<ArgumentOutOfRangeException>(() => new BatchTaskPager(console.Client(), null, pageSize));
        }

        [Fact]
        public async Task DescribeSendsTheIdAndReadsTheTask()
        {
            var console = new ScriptedConsole(r => ScriptedConsole.Result(JsonSerializer.Serialize(new
            {
                taskId = r.Body.GetProperty("taskId").GetString(),
                runStatus = "Done",
            })));

            var answer = await BatchTaskReader.DescribeAsync(console.Client(), "infer-xyz", CancellationToken.None);

            var task = Assert.Single(answer.Tasks);
            Assert.Equal("infer-xyz", task.TaskId);
            Assert.Equal("Done", task.RunStatus);
            Assert.Equal(ServiceProtocol.Actions.DescribeBatchInferenceTask, console.Requests.Single().Action);
        }

        [Fact]
        public async Task DescribeOfAnUnknownIdIsResourceNotFound()
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Error(HttpStatusCode.NotFound, "ResourceNotFound", "task infer-none does not exist"));

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(
                () => BatchTaskReader.DescribeAsync(console.Client(), "infer-none", CancellationToken.None));

            Assert.Equal(ServiceProtocol.ErrorCodes.ResourceNotFound, failure.ErrorCode);
            Assert.Equal(404, failure.HttpStatus);
        }

        [Fact]
        public async Task DescribeAnsweredWithSomethingElseThanATaskIsUnexpectedAnswer()
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Result("true"));

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(
                () => BatchTaskReader.DescribeAsync(console.Client(), "infer-xyz", CancellationToken.None));

            Assert.Equal(FailureKind.UnexpectedAnswer, failure.Kind);
            Assert.Equal(ServiceProtocol.Actions.DescribeBatchInferenceTask, failure.ActionName);
        }
    }
}
