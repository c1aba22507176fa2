using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Connection;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Tasks
{
    public class TaskIdCatalogTests
    {
        private static readonly QianfanCredential Keys = QianfanCredential.FromPlainText("AKTESTCOMPLETION0000000000", "sk-test-completion");

        private static KeysAndEndpoint Settings(QianfanCredential? credential = null, string endpoint = "https://qianfan.baidubce.com") =>
            new KeysAndEndpoint(credential ?? Keys, SettingSource.Parameter, QianfanEndpoint.Parse(endpoint), SettingSource.Parameter);

        /// <summary>Pages of two tasks: infer-a1, infer-a2, infer-b1, infer-b2, ... up to <paramref name="pages"/> pages.</summary>
        private static ScriptedConsole Pages(int pages) => new ScriptedConsole(request => Page(request, pages));

        private static (HttpStatusCode, string) Page(RecordedRequest request, int pages)
        {
            var marker = request.Body.TryGetProperty("marker", out var m) ? m.GetString() : null;
            var index = marker == null ? 0 : marker[6] - 'a' + 1;
            var letter = (char)('a' + index);
            var tasks = new[] { $"infer-{letter}1", $"infer-{letter}2" }.Select(id => new { taskId = id, name = "n-" + id, runStatus = "Running" });
            var more = index + 1 < pages;
            return ScriptedConsole.Result(JsonSerializer.Serialize(new
            {
                taskList = tasks,
                pageInfo = new { marker = $"infer-{letter}2", maxKeys = 100, isTruncated = more },
            }));
        }

        [Fact]
        public void OffersTheIdsThatStartWithThePrefixInAnyCase()
        {
            var console = Pages(2);
            var catalog = new TaskIdCatalog(http: new HttpClient(console));

            var suggestions = catalog.Suggest(Settings(), null, "INFER-B");

            Assert.Equal(new[] { "infer-b1", "infer-b2" }, suggestions.Select(s => s.TaskId));
            Assert.Equal("n-infer-b1", suggestions[0].Name);
            Assert.Equal("Running", suggestions[0].RunStatus);
            Assert.Equal(4, catalog.Suggest(Settings(), null, "").Count);
        }

        [Fact]
        public void AsksTheServiceOncePerEndpointKeyAndStatusesWhileTheListIsFresh()
        {
            var console = Pages(1);
            var clock = new FakeClock();
            var catalog = new TaskIdCatalog(lifetime: TimeSpan.FromSeconds(30), clock: clock, http: new HttpClient(console));

            catalog.Suggest(Settings(), null, "infer-");
            clock.Advance(TimeSpan.FromSeconds(29));
            catalog.Suggest(Settings(), null, "infer-a");
            Assert.Single(console.Requests);

            catalog.Suggest(Settings(), new[] { "Running" }, "infer-");
            catalog.Suggest(Settings(endpoint: "https://other.example.com"), null, "infer-");
            catalog.Suggest(Settings(QianfanCredential.FromPlainText("AKOTHER00000000000000000", "sk-other")), null, "infer-");
            Assert.Equal(4, console.Requests.Count);
            Assert.Equal(new[] { "Running" }, console.Requests[1].Body.GetProperty("runStatus").EnumerateArray().Select(e => e.GetString()));

            clock.Advance(TimeSpan.FromSeconds(1));
            catalog.Suggest(Settings(), null, "infer-");
            Assert.Equal(5, console.Requests.Count);
        }

        [Fact]
        public void ReadsAFewPagesAtMost()
        {
            var console = Pages(50);
            var catalog = new TaskIdCatalog(maxPages: 3, http: new HttpClient(console));

            Assert.Equal(6, catalog.Suggest(Settings(), null, "").Count);
            Assert.Equal(3, console.Requests.Count);
        }

        [Fact]
        public void WithoutKeysItOffersNothingAndSendsNothing()
        {
            var console = Pages(1);
            var catalog = new TaskIdCatalog(http: new HttpClient(console));
            var noKeys = new KeysAndEndpoint(null, SettingSource.None, QianfanEndpoint.Default, SettingSource.Default);

            Assert.Empty(catalog.Suggest(noKeys, null, ""));
            Assert.Empty(catalog.Suggest(null, null, ""));
            Assert.Empty(console.Requests);
        }

        [Fact]
        public void AFailingServiceIsAskedOnceWithoutRetriesAndTheFailureIsRemembered()
        {
            var console = new ScriptedConsole(_ => ScriptedConsole.Error(HttpStatusCode.ServiceUnavailable, "ServiceUnavailable", "down"));
            var catalog = new TaskIdCatalog(http: new HttpClient(console));

            Assert.Empty(catalog.Suggest(Settings(), null, "infer-"));
            Assert.Empty(catalog.Suggest(Settings(), null, "infer-"));
            Assert.Single(console.Requests);
        }

        [Fact]
        public void AServiceThatNeverAnswersIsGivenUpOnAndWhatWasListedIsKept()
        {
            // The first page comes at once; the second never does.
            var console = new ScriptedConsole(async (request, cancellation) =>
            {
                if (request.Body.TryGetProperty("marker", out _)) await Task.Delay(Timeout.Infinite, cancellation);
                return ScriptedConsole.Json(Page(request, 5));
            });
            // The budget is what ends the listing, since the second page never comes; it is long enough that
            // the first page, answered at once, is in before it runs out even on a busy machine.
            var catalog = new TaskIdCatalog(budget: TaskIdCatalog.DefaultBudget, http: new HttpClient(console));

            var suggestions = catalog.Suggest(Settings(), null, "infer-");

            Assert.Equal(new[] { "infer-a1", "infer-a2" }, suggestions.Select(s => s.TaskId));
            Assert.Equal(2, console.Requests.Count);
        }

        [Fact]
        public void AnUnreachableEndpointGivesNothingAndThrowsNothing()
        {
            var catalog = new TaskIdCatalog(budget: TimeSpan.FromSeconds(5));
            var closedPort = Settings(endpoint: StubServer.NothingListening().ToString());

            Assert.Empty(catalog.Suggest(closedPort, null, "infer-"));
        }
    }
}
