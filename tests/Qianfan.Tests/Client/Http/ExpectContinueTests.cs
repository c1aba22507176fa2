using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    /// <summary>
    /// "Expect: 100-continue" is off on every request of the shared client. .NET Framework's handler sends
    /// it unless the request's ExpectContinue is false (it copies that onto the ServicePoint), so the
    /// request the handler is given is what these tests read, besides the headers that reach a server.
    /// </summary>
    public class ExpectContinueTests
    {
        private static ConsoleClient ClientFor(Uri endpoint, HttpClient http) =>
            TestClients.To(endpoint, http);

        [Fact]
        public void TheSharedClientSaysNoToExpectContinue()
        {
            Assert.False(QianfanHttp.Shared.DefaultRequestHeaders.ExpectContinue);
        }

        [Fact]
        public async Task EveryPostTheHandlerIsGivenSaysNoToExpectContinue()
        {
            var seen = new List<bool?>();
            var console = new ScriptedConsole(_ => ScriptedConsole.Result("true"));
            var handler = new Inspecting(console, request => { lock (seen) seen.Add(request.Headers.ExpectContinue); });
            var client = ClientFor(new Uri("https://qianfan.baidubce.com"), QianfanHttp.Over(handler));

            await client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));
            await client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.DeleteBatchInferenceTask, "infer-2"));

            Assert.Equal(new bool?[] { false, false }, seen);
            Assert.All(console.Requests, r => Assert.Equal("POST", r.Method));
        }

        [Fact]
        public async Task NoExpectHeaderReachesTheServer()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"rid-1\",\"result\":true}")))
            {
                var client = ClientFor(server.BaseUri, QianfanHttp.Over(new HttpClientHandler { UseProxy = false }));

                await client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));

                var request = Assert.Single(server.Requests);
                Assert.False(request.Headers.ContainsKey("Expect"), "Expect: " + string.Join(",", request.Headers.Where(h => h.Key == "expect").Select(h => h.Value)));
                Assert.StartsWith("Qianfan-PowerShell/", request.UserAgent);
            }
        }

        /// <summary>Shows each request to <c>inspect</c> as the innermost handler gets it, then passes it on.</summary>
        private sealed class Inspecting : DelegatingHandler
        {
            private readonly Action<HttpRequestMessage> _inspect;

            public Inspecting(HttpMessageHandler inner, Action<HttpRequestMessage> inspect) : base(inner) => _inspect = inspect;

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                _inspect(request);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
