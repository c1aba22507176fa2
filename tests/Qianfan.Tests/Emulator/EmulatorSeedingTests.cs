using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    /// <summary>Seeded tasks carry names and creation times that name and time filters can be tried on.</summary>
    public class EmulatorSeedingTests
    {
        [Fact]
        public async Task NumberedTasksGetNamesInThreeFamiliesAndAreCreatedAMinuteApart()
        {
            var before = DateTimeOffset.UtcNow;
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Tasks = 4 });
            var tasks = server.Tasks.Snapshot();

            Assert.Equal(new[] { "nightly-eval-000001", "product-summaries-000002", "adhoc-test-000003", "nightly-eval-000004" },
                tasks.Select(t => t.Name));
            Assert.Equal(new[] { 1.0, 1.0, 1.0 }, tasks.Zip(tasks.Skip(1), (a, b) => (b.CreateTime - a.CreateTime).TotalMinutes).Select(m => Math.Round(m, 6)));
            var newest = tasks[tasks.Count - 1].CreateTime;
            Assert.InRange(newest, before.AddMinutes(-1).AddSeconds(-5), DateTimeOffset.UtcNow.AddMinutes(-1));
        }

        [Fact]
        public async Task TheAdminRouteTakesANameAndACreationTimeAndRefusesATimeItCannotRead()
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
            using var http = new HttpClient();
            var uri = new Uri(server.BaseUri, "_emulator/tasks");

            using var added = await http.PostAsync(uri, Json(
                "{\"tasks\":[{\"taskId\":\"infer-t1\",\"name\":\"weekly\",\"createTime\":\"2025-03-01T08:00:00+08:00\"},{\"taskId\":\"infer-t2\"}]}"));
            using var refused = await http.PostAsync(uri, Json("{\"tasks\":[{\"taskId\":\"infer-t3\",\"createTime\":\"last tuesday\"}]}"));

            Assert.Equal(HttpStatusCode.OK, added.StatusCode);
            var first = server.Tasks.Find("infer-t1");
            Assert.NotNull(first);
            Assert.Equal("weekly", first.Name);
            Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero), first.CreateTime);
            Assert.Equal("task-infer-t2", server.Tasks.Find("infer-t2")?.Name);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("createTime of task infer-t3", await refused.Content.ReadAsStringAsync());
            Assert.Null(server.Tasks.Find("infer-t3"));
        }

        private static StringContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");
    }
}
