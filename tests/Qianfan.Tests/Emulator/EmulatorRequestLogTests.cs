using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Qianfan.Emulator.Stats;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>The request log a test reads to tell which requests arrived after a given answer went out.</summary>
    public class EmulatorRequestLogTests
    {
        [Fact]
        public async Task TheLogHoldsEachRequestReceivedAndItsAnswerInOrderAndAResetEmptiesIt()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Tasks = 3 });
            using var client = new SignedEmulatorClient(server);

            await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-000001" });
            await client.CallAsync("StopBatchInferenceTask", new { taskId = "infer-nope" });

            var log = server.Stats.Snapshot().Log!;
            Assert.Equal(new[] { RequestStats.Received, RequestStats.Answered, RequestStats.Received, RequestStats.Answered }, log.Select(e => e.Event));
            Assert.Equal(new[] { "infer-000001", "infer-000001", "infer-nope", "infer-nope" }, log.Select(e => e.TaskId));
            Assert.Equal(new string?[] { null, null, null, "ResourceNotFound" }, log.Select(e => e.Code));
            Assert.True(log.Zip(log.Skip(1), (a, b) => a.Sequence < b.Sequence).All(ordered => ordered));

            using var http = new HttpClient();
            var stats = JsonDocument.Parse(await http.GetStringAsync(server.BaseUri + "_emulator/stats")).RootElement;
            Assert.Equal(4, stats.GetProperty("log").GetArrayLength());
            Assert.Equal("ResourceNotFound", stats.GetProperty("log")[3].GetProperty("code").GetString());

            server.Stats.Reset();
            Assert.Empty(server.Stats.Snapshot().Log!);
        }
    }
}
