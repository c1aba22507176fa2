using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Qianfan.Emulator.Http;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>
    /// The emulator's answers use the field names and JSON types of the vendor-shaped answers in
    /// tests/data/vendor, so that it stands in for the vendor rather than for the module.
    /// </summary>
    public class EmulatorMatchesVendorFixturesTests
    {
        /// <summary>An object's members by name, each with its JSON type (true and false are one type).</summary>
        private static Dictionary<string, string> Shape(JsonElement value) =>
            value.EnumerateObject().ToDictionary(member => member.Name, member => TypeOf(member.Value));

        private static string TypeOf(JsonElement value) =>
            value.ValueKind is JsonValueKind.True or JsonValueKind.False ? "boolean" : value.ValueKind.ToString().ToLowerInvariant();

        private static JsonElement Fixture(string name) => VendorFixture.Load(name).Json;

        private static void SameShape(JsonElement vendor, JsonElement emulator, string what) =>
            Assert.True(Shape(vendor).OrderBy(p => p.Key).SequenceEqual(Shape(emulator).OrderBy(p => p.Key)),
                $"{what}: the vendor's {JsonSerializer.Serialize(Shape(vendor))} but the emulator's {JsonSerializer.Serialize(Shape(emulator))}");

        /// <summary>
        /// A task: every field the emulator writes is one the vendor's tasks have, with the same type, and it
        /// writes every field of the vendor's list answers (the describe answer's AFS locations are a variant it does not model).
        /// </summary>
        private static void SameTaskShape(JsonElement emulatorTask)
        {
            var vendorTasks = new[]
            {
                Fixture("describe-done").GetProperty("result"),
                Fixture("describe-running").GetProperty("result"),
                Fixture("list-vendor-truncated").GetProperty("result").GetProperty("taskList")[0],
            };
            var emulator = Shape(emulatorTask);
            foreach (var field in emulator)
            {
                var vendorTypes = vendorTasks.Select(Shape).Where(s => s.ContainsKey(field.Key)).Select(s => s[field.Key]).Distinct().ToList();
                Assert.True(vendorTypes.Count > 0, $"the emulator writes '{field.Key}', which no vendor task has");
                Assert.True(vendorTypes.Contains(field.Value), $"'{field.Key}' is {field.Value} in the emulator but {string.Join("/", vendorTypes)} in the vendor's answers");
            }
            foreach (var field in Shape(vendorTasks[2]).Keys)
                Assert.True(emulator.ContainsKey(field), $"the emulator's task has no '{field}'");
        }

        private static async Task<(EmulatorServer Server, SignedEmulatorClient Client)> StartAsync(EmulatorOptions options)
        {
            var server = await EmulatorServer.StartAsync(options);
            return (server, new SignedEmulatorClient(server));
        }

        [Fact]
        public async Task DescribeStopDeleteAndARefusalHaveTheVendorsShapes()
        {
            var (server, client) = await StartAsync(new EmulatorOptions { Tasks = 3 });
            await using (server)
            using (client)
            {
                var running = await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000001" });
                var stop = await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000002" });
                var stopped = await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000002" });
                var delete = await client.CallAsync("DeleteBatchInferenceTask", new { taskId = "infer-000002" });
                var refusal = await client.SendAsync("StopBatchInferenceTask", "[\"infer-000001\"]");

                SameShape(Fixture("describe-running"), running.Body, "the describe answer's envelope");
                SameTaskShape(running.Result);
                Assert.Equal(Fixture("describe-running").GetProperty("result").GetProperty("finishTime").GetString(), running.Result.GetProperty("finishTime").GetString());
                SameTaskShape(stopped.Result);
                SameShape(Fixture("stop"), stop.Body, "the stop answer");
                SameShape(Fixture("delete"), delete.Body, "the delete answer");
                Assert.Equal(VendorFixture.Load("error-inappropriate-json").Status, refusal.Status);
                SameShape(Fixture("error-inappropriate-json"), refusal.Body, "an InappropriateJSON refusal");
                Assert.Equal("InappropriateJSON", refusal.Code);
            }
        }

        [Fact]
        public async Task TheVendorPagingHasTheVendorsPageInfo()
        {
            var (server, client) = await StartAsync(new EmulatorOptions { Tasks = 3, Paging = AnswerShapes.Paging.Vendor });
            await using (server)
            using (client)
            {
                var truncated = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2 })).Body;
                var next = truncated.GetProperty("result").GetProperty("pageInfo").GetProperty("nextMarker").GetString();
                var last = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 2, marker = next })).Body;

                SameShape(Fixture("list-vendor-truncated"), truncated, "the list answer's envelope");
                SameShape(Fixture("list-vendor-truncated").GetProperty("result"), truncated.GetProperty("result"), "the list result");
                SameShape(Fixture("list-vendor-truncated").GetProperty("result").GetProperty("pageInfo"), truncated.GetProperty("result").GetProperty("pageInfo"), "a truncated page's pageInfo");
                SameShape(Fixture("list-vendor-last").GetProperty("result").GetProperty("pageInfo"), last.GetProperty("result").GetProperty("pageInfo"), "the last page's pageInfo");
                Assert.Equal("", truncated.GetProperty("result").GetProperty("pageInfo").GetProperty("marker").GetString());
                Assert.Equal(next, last.GetProperty("result").GetProperty("pageInfo").GetProperty("marker").GetString());
                foreach (var task in truncated.GetProperty("result").GetProperty("taskList").EnumerateArray()) SameTaskShape(task);
            }
        }

        [Fact]
        public async Task TheOlderPagingHasTheOlderPageInfo()
        {
            var (server, client) = await StartAsync(new EmulatorOptions { Tasks = 3, Paging = AnswerShapes.Paging.LastId });
            await using (server)
            using (client)
            {
                var truncated = (await client.CallAsync("DescribeBatchInferenceTasks", new { maxKeys = 1 })).Body;

                SameShape(Fixture("list-last-id-truncated").GetProperty("result").GetProperty("pageInfo"), truncated.GetProperty("result").GetProperty("pageInfo"), "an older truncated page's pageInfo");
                Assert.Equal("infer-000001", truncated.GetProperty("result").GetProperty("pageInfo").GetProperty("marker").GetString());
            }
        }

        [Fact]
        public async Task ThrottlingInTheOlderShapeIsTheVendorsBodyUnderHttp200()
        {
            var (server, client) = await StartAsync(new EmulatorOptions
            {
                Tasks = 3, Qps = 1, ThrottleStatus = 200, ThrottleShape = AnswerShapes.Errors.Legacy,
            });
            await using (server)
            using (client)
            {
                ApiReply? throttled = null;
                for (var i = 0; i < 20 && throttled == null; i++)
                {
                    var reply = await client.CallAsync("DescribeBatchInferenceTask", new { taskId = "infer-000001" });
                    if (reply.Body.TryGetProperty("error_code", out _)) throttled = reply;
                }

                Assert.NotNull(throttled);
                Assert.Equal(VendorFixture.Load("error-legacy-qps").Status, throttled!.Status);
                SameShape(Fixture("error-legacy-qps"), throttled.Body, "a throttled answer in the older shape");
                Assert.Equal(18, throttled.Body.GetProperty("error_code").GetInt32());
                Assert.Equal(Fixture("error-legacy-qps").GetProperty("error_msg").GetString(), throttled.Body.GetProperty("error_msg").GetString());
            }
        }
    }
}
