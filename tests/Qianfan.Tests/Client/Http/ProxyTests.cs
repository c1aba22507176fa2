using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Qianfan.Protocol;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    /// <summary>
    /// The module's proxy: the process's own, never for loopback; and a proxy's password never shows.
    /// (The process-wide HTTP_PROXY case is in tests/pester/NetworkSecurity.Tests.ps1, in a child pwsh.)
    /// </summary>
    public class ProxyTests
    {
        private static ConsoleClient ClientThrough(IWebProxy proxy, QianfanEndpoint endpoint) =>
            TestClients.To(endpoint, new HttpClient(new HttpClientHandler { UseProxy = true, Proxy = proxy }), QianfanCredential.FromPlainText("proxy-ak", "proxy-sk"));

        [Theory]
        [InlineData("http://127.0.0.1:8080/", true)]
        [InlineData("http://127.9.9.9:8080/", true)]
        [InlineData("http://localhost:5000/", true)]
        [InlineData("http://[::1]:5000/", true)]
        [InlineData("https://qianfan.baidubce.com/", false)]
        [InlineData("https://10.0.0.1/", false)]
        public void LoopbackIsBypassedAndEverythingElseGoesThroughTheProcessProxy(string destination, bool direct)
        {
            var inner = new WebProxy(new Uri("http://proxy.example:3128/"));
            var proxy = new LoopbackBypassProxy(() => inner);
            var uri = new Uri(destination);

            Assert.Equal(direct, proxy.IsBypassed(uri));
            Assert.Equal(direct ? null : new Uri("http://proxy.example:3128/"), proxy.ProxyFor(uri));
        }

        [Fact]
        public void WithoutAProcessProxyEverythingIsDirect()
        {
            var proxy = new LoopbackBypassProxy(() => null);
            Assert.True(proxy.IsBypassed(new Uri("https://qianfan.baidubce.com/")));
            Assert.Null(proxy.ProxyFor(new Uri("https://qianfan.baidubce.com/")));
        }

        [Fact]
        public async Task APlainHttpLoopbackEndpointIsReachedDirectlyWhileAProxyIsSet()
        {
            using (var logging = new LoggingProxy())
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"direct\",\"result\":true}")))
            {
                var inner = new WebProxy(logging.Url());
                Assert.False(inner.IsBypassed(server.BaseUri)); // the proxy on its own would carry the request

                var answer = await ClientThrough(new LoopbackBypassProxy(() => inner), QianfanEndpoint.FromUri(server.BaseUri))
                    .SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));

                Assert.Equal("direct", answer.RequestId);
                Assert.Equal(1, server.RequestCount);
                Assert.Empty(logging.RequestLines);
            }
        }

        [Fact]
        public async Task AProxyPasswordNeverShowsWhenTheProxyRefusesTheTunnel()
        {
            using (var logging = new LoggingProxy(407, "Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"\r\n"))
            {
                var inner = new WebProxy(logging.Url("puser:psecret-77"));
                var client = ClientThrough(new LoopbackBypassProxy(() => inner), QianfanEndpoint.Parse("https://qianfan.example.invalid"));

                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() =>
                    client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1")));

                Assert.Equal(FailureKind.Connection, failure.Kind);
                Assert.StartsWith("CONNECT qianfan.example.invalid:443", Assert.Single(logging.RequestLines));
                Assert.Contains("407", failure.ToString());
                for (Exception? e = failure; e != null; e = e.InnerException)
                    Assert.DoesNotContain("psecret-77", e.Message);
                Assert.DoesNotContain("psecret-77", failure.ToString());
                Assert.DoesNotContain("puser", failure.ToString());
            }
        }

        /// <summary>
        /// How README tells Windows PowerShell users to give an authenticating proxy its credentials: set them
        /// on the process's proxy ([System.Net.WebRequest]::DefaultWebProxy.Credentials) at any time in the
        /// session; the module's proxy reads them from there on each request.
        /// </summary>
        [Fact]
        public async Task CredentialsSetOnTheProcessProxyLaterAreGivenToAProxyThatAsksForThem()
        {
            using (var logging = new LoggingProxy(407, "Proxy Authentication Required", "Proxy-Authenticate: Basic realm=\"test\"\r\n"))
            {
                var inner = new WebProxy(logging.Url());
                var client = ClientThrough(new LoopbackBypassProxy(() => inner), QianfanEndpoint.Parse("https://qianfan.example.invalid"));
                inner.Credentials = new NetworkCredential("puser", "psecret-88");

                await Assert.ThrowsAsync<QianfanServiceException>(() =>
                    client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1")));

                var requests = logging.Requests.ToArray();
                Assert.Equal(2, requests.Length);
                Assert.All(requests, r => Assert.StartsWith("CONNECT qianfan.example.invalid:443", r.RequestLine));
                Assert.False(requests[0].Headers.ContainsKey("Proxy-Authorization"));
                Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("puser:psecret-88")), requests[1].Headers["Proxy-Authorization"]);
            }
        }
    }
}
