using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Qianfan.Emulator.Http;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    public class EmulatorActionTests
    {
        private static Task<EmulatorServer> StartAsync(int tasks = 3, string paging = AnswerShapes.Paging.Vendor) =>
            EmulatorServer.StartAsync(new EmulatorOptions { Tasks = tasks, Paging = paging });

        [Fact]
        public async Task StopMovesARunningTaskToStoppedAndASecondStopIsRefused()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var first = await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000002" });
            var second = await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000002" });

            Assert.Equal(HttpStatusCode.OK, first.Status);
            Assert.True(first.Result.GetBoolean());
            Assert.Equal(HttpStatusCode.BadRequest, second.Status);
            Assert.Equal("InvalidTaskStatus", second.Code);
            Assert.Contains("Stopped", second.Message);
            Assert.Contains("Running", second.Message);
            Assert.Equal("Stopped", server.Tasks.Find("infer-000002")?.RunStatus);
            Assert.Equal("Running", server.Tasks.Find("infer-000001")?.RunStatus);

            var described = await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000002" });
            Assert.Equal("Stopped", described.Result.GetProperty("runStatus").GetString());
            Assert.Equal(JsonValueKind.String, described.Result.GetProperty("finishTime").ValueKind);
        }

        [Fact]
        public async Task DeleteRefusesARunningTaskRemovesAStoppedOneThenReportsItMissing()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);
            var task = new { taskId = "infer-000003" };

            var running = await client.CallAsync("DeleteBatchInferenceTask", task);
            Assert.Equal(HttpStatusCode.BadRequest, running.Status);
            Assert.Equal("InvalidTaskStatus", running.Code);
            Assert.Contains("stop it before deleting", running.Message);

            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync("StopBatchInferenceTask", task)).Status);
            var deleted = await client.CallAsync("DeleteBatchInferenceTask", task);
            Assert.True(deleted.Result.GetBoolean());
            Assert.Null(server.Tasks.Find("infer-000003"));

            foreach (var action in new[] { "DeleteBatchInferenceTask", "DescribeBatchInferenceTask", "StopBatchInferenceTask" })
            {
                var gone = await client.CallAsync(action, task);
                Assert.Equal(HttpStatusCode.NotFound, gone.Status);
                Assert.Equal("ResourceNotFound", gone.Code);
                Assert.Contains("infer-000003", gone.Message);
            }
        }

        [Fact]
        public async Task DescribeReturnsEveryTaskField()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var task = (await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000001" })).Result;

            foreach (var field in new[] { "taskId", "name", "description", "endpoint", "runStatus", "inferenceParams", "inputBosUri",
                         "outputBosUri", "outputDir", "progress", "createTime", "finishTime", "inputTokenUsage", "outputTokenUsage", "creator" })
            {
                Assert.True(task.TryGetProperty(field, out _), "missing " + field);
            }
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", task.GetProperty("createTime").GetString());
            Assert.Equal("", task.GetProperty("finishTime").GetString());
            Assert.InRange(task.GetProperty("progress").GetInt32(), 0, 100);
            Assert.Equal(JsonValueKind.Object, task.GetProperty("inferenceParams").ValueKind);
        }

        [Fact]
        public async Task CreateMakesARunningTaskWithAServiceStyleId()
        {
            await using var server = await StartAsync(tasks: 0);
            using var client = new SignedEmulatorClient(server);

            var created = await client.CallAsync("CreateBatchInferenceTask", new
            {
                name = "nightly",
                description = "scores",
                modelId = "amv-emulator0001",
                inferenceParams = new { temperature = 0.5 },
                inputBosUri = "bos:/in/",
                outputBosUri = "bos:/out/",
            });
            var taskId = created.Result.GetProperty("taskId").GetString();

            Assert.Matches("^infer-[a-z0-9]{12}$", taskId);
            var task = (await client.CallAsync("DescribeBatchInferenceTask", new { taskId })).Result;
            Assert.Equal("Running", task.GetProperty("runStatus").GetString());
            Assert.Equal("nightly", task.GetProperty("name").GetString());
            Assert.Equal(0.5, task.GetProperty("inferenceParams").GetProperty("temperature").GetDouble());

            var incomplete = await client.CallAsync("CreateBatchInferenceTask", new { name = "x", inputBosUri = "bos:/in/", outputBosUri = "bos:/out/" });
            Assert.Equal("InvalidParameter", incomplete.Code);
        }

        [Fact]
        public async Task DescribeBatchInferenceModelListsModels()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var models = (await client.CallAsync("DescribeBatchInferenceModel", new { })).Result;

            Assert.Equal(JsonValueKind.Array, models.ValueKind);
            Assert.NotEmpty(models.EnumerateArray().Select(m => m.GetProperty("modelId").GetString()));
        }

        [Theory]
        [InlineData(AnswerShapes.Paging.Vendor)]
        [InlineData(AnswerShapes.Paging.LastId)]
        public async Task PagingOver250TasksReturnsEachExactlyOnceInOrder(string paging)
        {
            await using var server = await StartAsync(tasks: 250, paging);
            using var client = new SignedEmulatorClient(server);

            var (ids, pages) = await ListAllAsync(client, new Dictionary<string, object> { ["maxKeys"] = 100 });

            Assert.Equal(new[] { 100, 100, 50 }, pages);
            Assert.Equal(Enumerable.Range(1, 250).Select(i => $"infer-{i:D6}"), ids);

            var (reversed, _) = await ListAllAsync(client, new Dictionary<string, object> { ["maxKeys"] = 100, ["pageReverse"] = true });
            Assert.Equal(ids.AsEnumerable().Reverse(), reversed);
        }

        [Theory]
        [InlineData(AnswerShapes.Paging.Vendor)]
        [InlineData(AnswerShapes.Paging.LastId)]
        public async Task RunStatusFiltersTheList(string paging)
        {
            await using var server = await StartAsync(tasks: 250, paging);
            using var client = new SignedEmulatorClient(server);
            var stopped = new[] { "infer-000007", "infer-000100", "infer-000101", "infer-000249" };
            await client.AdminAsync("POST", "tasks", new { tasks = stopped.Select(id => new { taskId = id, runStatus = "Stopped" }) });
            await client.AdminAsync("POST", "tasks", new { tasks = new[] { new { taskId = "infer-000050", runStatus = "Done" } } });

            var (onlyStopped, _) = await ListAllAsync(client, new Dictionary<string, object> { ["maxKeys"] = 2, ["runStatus"] = new[] { "Stopped" } });
            var (stoppedOrDone, _) = await ListAllAsync(client, new Dictionary<string, object> { ["runStatus"] = new[] { "Stopped", "Done" } });
            var (running, _) = await ListAllAsync(client, new Dictionary<string, object> { ["maxKeys"] = 100, ["runStatus"] = new[] { "Running" } });

            Assert.Equal(stopped, onlyStopped);
            Assert.Equal(5, stoppedOrDone.Count);
            Assert.Equal(245, running.Count);
            Assert.DoesNotContain("infer-000050", running);
        }

        [Fact]
        public async Task MaxKeysDefaultsTo10IsCappedAt100AndMustBePositive()
        {
            await using var server = await StartAsync(tasks: 150);
            using var client = new SignedEmulatorClient(server);

            var byDefault = (await client.CallAsync("DescribeBatchInferenceTasks", new { })).Result;
            var capped = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 1000 })).Result;
            var zero = await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 0 });
            var badStatus = await client.CallAsync("DescribeBatchInferenceTasks", new { runStatus = new[] { "Sleeping" } });

            Assert.Equal(10, byDefault.GetProperty("taskList").GetArrayLength());
            Assert.Equal("infer-000011", byDefault.GetProperty("pageInfo").GetProperty("nextMarker").GetString());
            Assert.Equal(100, capped.GetProperty("taskList").GetArrayLength());
            Assert.Equal(100, capped.GetProperty("pageInfo").GetProperty("maxKeys").GetInt32());
            Assert.True(capped.GetProperty("pageInfo").GetProperty("isTruncated").GetBoolean());
            Assert.Equal("InvalidParameter", zero.Code);
            Assert.Equal("InvalidParameter", badStatus.Code);
        }

        [Theory]
        [InlineData("StopBatchInferenceTask", "not json", "InappropriateJSON")]
        [InlineData("StopBatchInferenceTask", "[\"infer-000001\"]", "InappropriateJSON")]
        [InlineData("StopBatchInferenceTask", "", "InappropriateJSON")]
        [InlineData("RestartBatchInferenceTask", "{\"taskId\":\"infer-000001\"}", "InvalidAction")]
        [InlineData("StopBatchInferenceTask", "{}", "InvalidParameter")]
        [InlineData("DeleteBatchInferenceTask", "{\"taskId\":\"\"}", "InvalidParameter")]
        [InlineData("DescribeBatchInferenceTask", "{\"taskId\":42}", "InvalidParameter")]
        public async Task BadRequestsGet400WithACode(string action, string body, string code)
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var reply = await client.SendAsync(action, body);

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal(code, reply.Code);
            Assert.Equal("Running", server.Tasks.Find("infer-000001")?.RunStatus);
        }

        [Fact]
        public async Task AnUnknownRouteGetsAJson404()
        {
            await using var server = await StartAsync();
            using var http = new HttpClient();

            using var response = await http.PostAsync(new Uri(server.BaseUri, "v2/finetuning?Action=StopBatchInferenceTask"),
                new StringContent("{}", Encoding.UTF8, "application/json"));
            var reply = new ApiReply(response, await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
            Assert.Equal("NotFound", reply.Code);
            Assert.True(response.Headers.Contains("x-bce-request-id"));
        }

        [Fact]
        public async Task TheVendorsPagingEchoesTheMarkerAndNamesTheNextPagesFirstTask()
        {
            await using var server = await StartAsync(tasks: 5);
            using var client = new SignedEmulatorClient(server);

            var first = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2 })).Result.GetProperty("pageInfo");
            var second = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2, marker = "infer-000003" })).Result;
            var last = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2, marker = "infer-000005" })).Result;

            Assert.Equal("", first.GetProperty("marker").GetString());
            Assert.Equal("infer-000003", first.GetProperty("nextMarker").GetString());
            Assert.Equal(new[] { "infer-000003", "infer-000004" }, second.GetProperty("taskList").EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
            Assert.Equal("infer-000003", second.GetProperty("pageInfo").GetProperty("marker").GetString());
            Assert.Equal("infer-000005", second.GetProperty("pageInfo").GetProperty("nextMarker").GetString());
            Assert.Equal("infer-000005", Assert.Single(last.GetProperty("taskList").EnumerateArray()).GetProperty("taskId").GetString());
            Assert.False(last.GetProperty("pageInfo").GetProperty("isTruncated").GetBoolean());
            Assert.False(last.GetProperty("pageInfo").TryGetProperty("nextMarker", out _));
        }

        [Fact]
        public async Task TheOlderPagingGivesTheLastIdAsTheMarkerAndStartsAfterIt()
        {
            await using var server = await StartAsync(tasks: 5, AnswerShapes.Paging.LastId);
            using var client = new SignedEmulatorClient(server);

            var first = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2 })).Result.GetProperty("pageInfo");
            var second = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2, marker = "infer-000002" })).Result;

            Assert.Equal("infer-000002", first.GetProperty("marker").GetString());
            Assert.False(first.TryGetProperty("nextMarker", out _));
            Assert.Equal(new[] { "infer-000003", "infer-000004" }, second.GetProperty("taskList").EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
        }

        /// <summary>Follows pageInfo.nextMarker, or else pageInfo.marker, until isTruncated is false; returns the ids and the size of each page.</summary>
        private static async Task<(List<string?> Ids, List<int> Pages)> ListAllAsync(SignedEmulatorClient client, Dictionary<string, object> query)
        {
            var ids = new List<string?>();
            var pages = new List<int>();
            while (true)
            {
                var result = (await client.CallAsync("DescribeBatchInferenceTasks", query)).Result;
                var list = result.GetProperty("taskList");
                pages.Add(list.GetArrayLength());
                ids.AddRange(list.EnumerateArray().Select(t => t.GetProperty("taskId").GetString()));
                var pageInfo = result.GetProperty("pageInfo");
                if (!pageInfo.GetProperty("isTruncated").GetBoolean()) return (ids, pages);
                var next = pageInfo.TryGetProperty("nextMarker", out var nextMarker) ? nextMarker : pageInfo.GetProperty("marker");
                query["marker"] = next.GetString() ?? throw new InvalidOperationException("a truncated page came without a marker");
                Assert.True(pages.Count < 1000, "paging did not end");
            }
        }
    }
}
