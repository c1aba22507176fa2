using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;
using Qianfan.Protocol;
using Qianfan.Signing;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    public class ConsoleClientTests
    {
        private const string SecretKey = "stub-secret-key-0123456789";
        private static readonly QianfanCredential Keys = QianfanCredential.FromPlainText("stub-ak", SecretKey);

        private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(100);
        private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(400);

        /// <summary>A client whose waits and signing time run on <paramref name="time"/>: nothing in these tests sleeps.</summary>
        private static ConsoleClient ClientFor(StubServer server, int retries = 0, double timeoutSeconds = 10, FakeClock? time = null)
        {
            return TestClients.To(server.BaseUri, credential: Keys, retryPolicy: new RetryPolicy(retries, BaseDelay, MaxDelay),
                time: time ?? new FakeClock(), attemptTimeout: TimeSpan.FromSeconds(timeoutSeconds), configure: options => options.MaxResponseBytes = 64 * 1024);
        }

        private static Task<ConsoleResult> Stop(ConsoleClient client, string id = "infer-1") =>
            client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, id));

        [Fact]
        public async Task SuccessReturnsResultAndRequestIdAndSendsSignedPost()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"rid-1\",\"result\":true}")))
            {
                var answer = await Stop(ClientFor(server), "infer-\"quoted\"");
                Assert.Equal(System.Text.Json.JsonValueKind.True, answer.Result.ValueKind);
                Assert.Equal("rid-1", answer.RequestId);
                var request = Assert.Single(server.Requests);
                Assert.Equal("/v2/batchinference?Action=StopBatchInferenceTask", request.PathAndQuery);
                Assert.StartsWith("bce-auth-v1/stub-ak/", request.Authorization);
                Assert.Contains("/content-type;host;x-bce-date/", request.Authorization);
                Assert.Equal($"127.0.0.1:{server.Port}", request.Host);
                Assert.StartsWith("Qianfan-PowerShell/", request.UserAgent);
                Assert.Equal("{\"taskId\":\"infer-\\u0022quoted\\u0022\"}", request.BodyText);
            }
        }

        [Fact]
        public async Task HtmlErrorPageBecomesInvalidResponseWithStatusAndExcerpt()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 502, "<html><body>Bad Gateway from proxy</body></html>", "text/html")))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server)));
                Assert.Equal(FailureKind.InvalidResponse, failure.Kind);
                Assert.Equal(502, failure.HttpStatus);
                Assert.Contains("Bad Gateway from proxy", failure.Message);
                Assert.Contains("502", failure.Message);
            }
        }

        [Fact]
        public async Task EmptySuccessBodyIsAnErrorNotACrash()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "")))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server)));
                Assert.Equal(FailureKind.InvalidResponse, failure.Kind);
                Assert.Contains("empty", failure.Message);
            }
        }

        [Fact]
        public async Task ServiceErrorCarriesCodeMessageStatusAndRequestIdAndIsNotRetried()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 404,
                "{\"requestId\":\"rid-404\",\"code\":\"ResourceNotFound\",\"message\":\"task infer-1 not found\"}")))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server, retries: 3)));
                Assert.Equal(FailureKind.Service, failure.Kind);
                Assert.Equal("ResourceNotFound", failure.ErrorCode);
                Assert.Equal("rid-404", failure.RequestId);
                Assert.Equal(404, failure.HttpStatus);
                Assert.Contains("task infer-1 not found", failure.Message);
                Assert.Equal(1, server.RequestCount);
            }
        }

        [Fact]
        public async Task RedirectIsNotFollowed()
        {
            using (var server = new StubServer((c, n) =>
            {
                c.Response.Redirect("http://127.0.0.1:1/elsewhere");
                c.Response.StatusCode = 302;
                c.Response.Close();
                return Task.CompletedTask;
            }))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server)));
                Assert.Equal(302, failure.HttpStatus);
                Assert.Contains("redirect", failure.Message);
                Assert.Equal(1, server.RequestCount);
            }
        }

        [Theory]
        [InlineData("ftp://127.0.0.1:{0}", "only https")]
        [InlineData("http://user:secret@127.0.0.1:{0}", "user information")]
        [InlineData("http://127.0.0.1:{0}/v2?x=1", "without a path or query")]
        [InlineData("http://127.0.0.1:{0}/v2", "without a path or query")]
        public async Task UnacceptableEndpointIsRefusedBeforeAnyRequest(string template, string reason)
        {
            // The endpoint points at a live server, so anything that got past the check would reach it.
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"r\",\"result\":true}")))
            {
                var endpoint = new Uri(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, server.Port));
                var problem = await Assert.ThrowsAsync<ArgumentException>(async () =>
                {
                    var credential = QianfanCredential.FromPlainText("stub-ak", SecretKey);
                    var settings = KeysAndEndpoint.Resolve(credential, endpoint, _ => null);
                    await Stop(TestClients.To(settings.Endpoint, credential: credential));
                });

                Assert.Contains(reason, problem.Message);
                Assert.DoesNotContain("secret", problem.Message);
                Assert.Equal(0, server.RequestCount);
            }
        }

        [Theory]
        [InlineData("http://qianfan.baidubce.com", "not loopback")]
        [InlineData("http://10.1.2.3:8080", "not loopback")]
        [InlineData("not a url", "not an absolute URL")]
        [InlineData(" ", "empty")]
        public void UnacceptableEndpointTextIsRefusedSayingWhy(string endpoint, string reason)
        {
            var problem = Assert.Throws<ArgumentException>(() => QianfanEndpoint.Parse(endpoint));
            Assert.Contains(reason, problem.Message);
        }

        [Theory]
        [InlineData("https://qianfan.baidubce.com", "qianfan.baidubce.com")]
        [InlineData("https://qianfan.baidubce.com:8443/", "qianfan.baidubce.com:8443")]
        [InlineData("http://127.0.0.1:8080", "127.0.0.1:8080")]
        [InlineData("http://localhost:5000", "localhost:5000")]
        [InlineData("http://[::1]:5000", "[::1]:5000")]
        public void AcceptableEndpointKeepsItsPortInTheHostHeader(string endpoint, string host)
        {
            Assert.Equal(host, QianfanEndpoint.Parse(endpoint).HostHeader);
        }

        [Fact]
        public async Task TransientFailuresAreRetriedAndEachAttemptIsSignedAfresh()
        {
            var time = new FakeClock();
            using (var server = new StubServer((c, n) =>
            {
                time.Advance(TimeSpan.FromSeconds(7)); // a slow service: each attempt is signed seconds after the last
                return n <= 2
                    ? StubServer.Reply(c, n == 1 ? 500 : 503, "{\"requestId\":\"r\",\"code\":\"InternalError\",\"message\":\"boom\"}")
                    : StubServer.Reply(c, 200, "{\"requestId\":\"rid-ok\",\"result\":true}");
            }))
            {
                var answer = await Stop(ClientFor(server, retries: 3, time: time));
                Assert.Equal("rid-ok", answer.RequestId);
                Assert.Equal(3, answer.Attempts.Count);
                // Full jitter: the n-th retry waits up to BaseDelay * 2^(n-1).
                Assert.Equal(2, time.Delays.Count);
                Assert.InRange(time.Delays[0], TimeSpan.Zero, BaseDelay);
                Assert.InRange(time.Delays[1], TimeSpan.Zero, BaseDelay + BaseDelay);
                var dates = server.Requests.Select(r => r.Date).ToList();
                Assert.Equal(3, dates.Distinct().Count());
                Assert.Equal(3, server.Requests.Select(r => r.Authorization).Distinct().Count());
            }
        }

        [Fact]
        public async Task RetryBudgetIsBoundedAndTheLastFailureIsReported()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 500, "{\"requestId\":\"r" + n + "\",\"code\":\"InternalError\",\"message\":\"down\"}")))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server, retries: 2)));
                Assert.Equal(3, server.RequestCount);
                Assert.Equal("r3", failure.RequestId);
                Assert.Equal(3, failure.Attempts.Count);
            }
        }

        [Fact]
        public async Task RetryAfterIsHonoured()
        {
            using (var server = new StubServer((c, n) =>
            {
                if (n > 1) return StubServer.Reply(c, 200, "{\"requestId\":\"ok\",\"result\":true}");
                c.Response.Headers["Retry-After"] = "1";
                return StubServer.Reply(c, 429, "{\"requestId\":\"r\",\"code\":\"RequestLimitExceeded\",\"message\":\"slow down\"}");
            }))
            {
                var time = new FakeClock();
                await Stop(ClientFor(server, retries: 1, time: time));
                Assert.Equal(new[] { TimeSpan.FromSeconds(1) }, time.Delays);
                Assert.Equal(2, server.RequestCount);
            }
        }

        [Fact]
        public async Task RetryAfterAsAnHttpDateIsHonoured()
        {
            using (var server = new StubServer((c, n) =>
            {
                if (n > 1) return StubServer.Reply(c, 200, "{\"requestId\":\"ok\",\"result\":true}");
                var now = DateTimeOffset.UtcNow;
                c.Response.Headers["Date"] = now.ToString("r");
                c.Response.Headers["Retry-After"] = now.AddSeconds(2).ToString("r");
                return StubServer.Reply(c, 503, "{\"requestId\":\"r\",\"code\":\"ServiceUnavailable\",\"message\":\"later\"}");
            }))
            {
                var time = new FakeClock();
                var answer = await Stop(ClientFor(server, retries: 1, time: time));
                Assert.Equal("ok", answer.RequestId);
                Assert.Equal(new[] { TimeSpan.FromSeconds(2) }, time.Delays);
            }
        }

        [Fact]
        public async Task ARetryAfterOfHoursIsCappedSoARunCannotHang()
        {
            using (var server = new StubServer((c, n) =>
            {
                if (n > 1) return StubServer.Reply(c, 200, "{\"requestId\":\"ok\",\"result\":true}");
                c.Response.Headers["Retry-After"] = "36000";
                return StubServer.Reply(c, 503, "{\"requestId\":\"r\",\"code\":\"ServiceUnavailable\",\"message\":\"later\"}");
            }))
            {
                var time = new FakeClock();
                await Stop(ClientFor(server, retries: 1, time: time));
                Assert.Equal(new[] { new RetryPolicy().MaxRetryAfter }, time.Delays);
            }
        }

        [Fact]
        public async Task RequestExpiredWithServerDateCorrectsTheClockAndRetriesOnce()
        {
            var time = new FakeClock();
            var serverNow = time.UtcNow.AddHours(2);
            using (var server = new StubServer((c, n) =>
            {
                c.Response.Headers["Date"] = serverNow.ToString("r");
                return n == 1
                    ? StubServer.Reply(c, 400, "{\"requestId\":\"r\",\"code\":\"RequestExpired\",\"message\":\"expired\"}")
                    : StubServer.Reply(c, 200, "{\"requestId\":\"ok\",\"result\":true}");
            }))
            {
                var client = ClientFor(server, retries: 0, time: time);
                var answer = await Stop(client);
                Assert.Equal("ok", answer.RequestId);
                Assert.Equal(TimeSpan.FromHours(2), client.Options.Clock.Offset);
                var second = server.Requests.Skip(1).Single();
                Assert.Equal(BceV1Signer.FormatTimestamp(serverNow), second.Date);
                Assert.Empty(time.Delays);
            }
        }

        [Fact]
        public async Task AnAnswerThatNeverComesTimesOutAsATransientAmbiguousFailure()
        {
            using (var server = new StubServer((c, n) => StubServer.NeverAnswer(c)))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server, timeoutSeconds: 0.3)));
                Assert.Equal(FailureKind.Timeout, failure.Kind);
                Assert.True(failure.MayHaveReachedService);
            }
        }

        [Fact]
        public async Task OversizedAnswerIsRefused()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"r\",\"result\":\"" + new string('x', 100 * 1024) + "\"}")))
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server)));
                Assert.Equal(FailureKind.InvalidResponse, failure.Kind);
                Assert.Contains("larger than", failure.Message);
            }
        }

        [Fact]
        public async Task RefusedConnectionIsAConnectionFailure()
        {
            var client = TestClients.To(StubServer.NothingListening(), credential: Keys);
            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(client));
            Assert.Equal(FailureKind.Connection, failure.Kind);
            Assert.DoesNotContain(SecretKey, failure.ToString());
        }

        [Fact]
        public async Task DeleteWhoseDroppedAttemptWorkedIsReportedDoneWithAWarning()
        {
            using (var server = new DroppingServer(1, 404, "{\"requestId\":\"r2\",\"code\":\"ResourceNotFound\",\"message\":\"no such task\"}"))
            {
                var time = new FakeClock();
                var client = TestClients.To(server.BaseUri, credential: Keys, retryPolicy: new RetryPolicy(2, BaseDelay, MaxDelay), time: time);
                var outcome = await new BatchTaskExecutor(client).ExecuteAsync("infer-1", BatchTaskAction.Delete, CancellationToken.None);
                Assert.True(outcome.Succeeded, outcome.Failure?.ToString());
                Assert.Contains("earlier attempt", outcome.Warning);
                Assert.Equal(2, outcome.Attempts.Count);
            }
        }

        [Fact]
        public async Task NotFoundWithoutAnAmbiguousAttemptStaysAFailure()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 404, "{\"requestId\":\"r\",\"code\":\"ResourceNotFound\",\"message\":\"no such task\"}")))
            {
                var outcome = await new BatchTaskExecutor(ClientFor(server, retries: 2)).ExecuteAsync("infer-1", BatchTaskAction.Delete, CancellationToken.None);
                Assert.False(outcome.Succeeded);
                Assert.Equal("ResourceNotFound", Assert.IsType<QianfanServiceException>(outcome.Failure).ErrorCode);
            }
        }

        [Fact]
        public async Task ResultFalseIsAFailureOfThatId()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"rf\",\"result\":false}")))
            {
                var outcome = await new BatchTaskExecutor(ClientFor(server)).ExecuteAsync("infer-1", BatchTaskAction.Stop, CancellationToken.None);
                Assert.False(outcome.Succeeded);
                Assert.Equal(BatchTaskExecutor.ResultFalse, Assert.IsType<QianfanServiceException>(outcome.Failure).ErrorCode);
                Assert.Equal("rf", outcome.RequestId);
            }
        }
    }
}
