using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Errors;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    /// <summary>
    /// An endpoint that answers terminal escape sequences, line breaks and megabytes of text: none of
    /// it reaches a message, an error id or a request id raw or uncapped.
    /// </summary>
    public class HostileServiceTests
    {
        private const string Escapes = "\\u001b[2J\\u001b]0;owned\\u0007\\r\\nX-Injected: 1\\u009b31m\\u202e";

        private static ConsoleClient ClientFor(Uri endpoint, HttpClient? http = null) =>
            TestClients.To(endpoint, http);

        private static void AssertPrintable(string? text, int maxLength)
        {
            Assert.NotNull(text);
            Assert.True(text.Length <= maxLength, $"{text.Length} characters, more than {maxLength}");
            Assert.DoesNotContain(text, c => char.IsControl(c) || c == '\u202e');
        }

        [Fact]
        public async Task EscapeSequencesAndA100KBMessageAreCleanedAndCutBeforeTheyReachAnyMessage()
        {
            // The error code becomes the start of the error record's FullyQualifiedErrorId; the
            // message and request id go into its message and the -Verbose lines.
            var longMessage = "\\u001b[31m" + new string('A', 100 * 1024) + Escapes;
            var body = "{\"requestId\":\"rid-" + Escapes + "\",\"code\":\"Bad" + Escapes + "Code\",\"message\":\"" + longMessage + "\"}";
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 400, body)))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() =>
                    ClientFor(server.BaseUri).SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1")));

                AssertPrintable(failure.ErrorCode, ServiceText.MaxCodeLength + ServiceText.Truncated.Length);
                AssertPrintable(failure.RequestId, ServiceText.MaxRequestIdLength + ServiceText.Truncated.Length);
                AssertPrintable(failure.ServiceMessage, ServiceText.MaxMessageLength + ServiceText.Truncated.Length);
                AssertPrintable(failure.Message, 2 * 1024);
                Assert.StartsWith("Bad", failure.ErrorCode);
                Assert.EndsWith(ServiceText.Truncated, failure.ServiceMessage);
                Assert.All(failure.Attempts, a => AssertPrintable(a.RequestId, 256));
                Assert.All(failure.Attempts, a => AssertPrintable(a.Outcome, 256));
            }
        }

        [Fact]
        public async Task HeadersAreCleanedToo()
        {
            var http = new HttpClient(new ScriptedConsole(request =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.Found) { Content = new StringContent(string.Empty) };
                response.Headers.TryAddWithoutValidation("x-bce-request-id", "rid\u001b[2J\u0085" + new string('r', 10000));
                response.Headers.TryAddWithoutValidation("Location", "https://user:pw@elsewhere.example/\u001b[2J" + new string('p', 10000));
                return response;
            }));

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() =>
                ClientFor(new Uri("https://qianfan.baidubce.com"), http).SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1")));

            AssertPrintable(failure.RequestId, ServiceText.MaxRequestIdLength + ServiceText.Truncated.Length);
            AssertPrintable(failure.Message, 2 * 1024);
            Assert.Contains("redirect", failure.Message);
            Assert.DoesNotContain("user:pw", failure.Message);
        }

        [Fact]
        public async Task ARequestIdHeaderOnASuccessIsCleaned()
        {
            var http = new HttpClient(new ScriptedConsole(request =>
            {
                var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"result\":true}", Encoding.UTF8, "application/json") };
                response.Headers.TryAddWithoutValidation("x-bce-request-id", "rid-ok\u001b[2J");
                return response;
            }));

            var answer = await ClientFor(new Uri("https://qianfan.baidubce.com"), http).SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));

            Assert.Equal("rid-ok [2J", answer.RequestId);
        }

        [Fact]
        public async Task AHugeResultOtherThanTrueIsCutInTheFailure()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"rf\",\"result\":\"\u009b2J" + new string('x', 100 * 1024) + "\"}")))
            {
                var outcome = await new BatchTaskExecutor(ClientFor(server.BaseUri)).ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);

                Assert.False(outcome.Succeeded);
                AssertPrintable(outcome.Failure?.Message, 2 * 1024);
            }
        }
    }
}
