using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Runs.Gate
{
    /// <summary>The request gate of a run: throttling and run-wide failures through the real client against loopback stub servers, halting, pacing.</summary>
    public class RequestGateTests
    {
        /// <param name="time">What the client's retries wait on; pass the gate's, so that waits move the run's time and nothing sleeps.</param>
        private static ConsoleClient ClientFor(Uri baseUri, RequestGate gate, int retries = 0, double timeoutSeconds = 10, FakeClock? time = null) =>
            TestClients.To(baseUri, retryPolicy: new RetryPolicy(retries, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(20)),
                time: time, gate: gate, attemptTimeout: TimeSpan.FromSeconds(timeoutSeconds));

        private static Task<ConsoleResult> Stop(ConsoleClient client, string id = "infer-1") =>
            client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, id));

        private static Task Throttle(System.Net.HttpListenerContext c, int status = 429, string code = "RequestLimitExceeded")
        {
            c.Response.Headers["Retry-After"] = "0";
            return StubServer.Reply(c, status, "{\"requestId\":\"rid-t\",\"code\":\"" + code + "\",\"message\":\"slow down\"}");
        }

        [Fact]
        public async Task ThrottledAttemptsDoNotUseUpTheRetries()
        {
            using (var server = new StubServer((c, n) => n <= 5 ? Throttle(c) : StubServer.Reply(c, 200, "{\"requestId\":\"rid-ok\",\"result\":true}")))
            {
                var time = new FakeClock();
                var gate = new RequestGate(4, clock: time);
                var answer = await Stop(ClientFor(server.BaseUri, gate, retries: 0, time: time));
                Assert.Equal("rid-ok", answer.RequestId);
                Assert.Equal(6, server.RequestCount);
                Assert.Equal(5, gate.Pacer.ThrottledCount);
            }
        }

        [Theory]
        [InlineData(200, "336501")]
        [InlineData(400, "18")]
        [InlineData(403, "336502")]
        public async Task ThrottlingCodesInTheBodyAreThrottlingWhateverTheStatus(int status, string code)
        {
            using (var server = new StubServer((c, n) => n == 1 ? Throttle(c, status, code) : StubServer.Reply(c, 200, "{\"result\":true}")))
            {
                var time = new FakeClock();
                var gate = new RequestGate(4, clock: time);
                await Stop(ClientFor(server.BaseUri, gate, retries: 0, time: time));
                Assert.Equal(2, server.RequestCount);
                Assert.Equal(1, gate.Pacer.ThrottledCount);
            }
        }

        [Fact]
        public async Task AnIdFailsFromThrottlingOnlyWhenTheRunHasStalledForTheThrottleTimeout()
        {
            using (var server = new StubServer((c, n) => Throttle(c)))
            {
                var time = new FakeClock();
                var gate = new RequestGate(4, throttleTimeout: TimeSpan.FromSeconds(30), clock: time);
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(ClientFor(server.BaseUri, gate, retries: 0, time: time)));
                Assert.True(failure.IsThrottling);
                Assert.True(time.UtcNow - time.Start >= TimeSpan.FromSeconds(30), $"gave up after {time.UtcNow - time.Start}");
                Assert.Equal(TimeSpan.FromSeconds(30), failure.ThrottledWithoutProgress);
                Assert.True(server.RequestCount > 1, "throttled attempts are retried until the run stalls");
                Assert.Equal(server.RequestCount, failure.Attempts.Count);
            }
        }

        [Fact]
        public async Task TheSameAuthenticationFailureOnThreeIdsInARowStopsTheRun()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 403,
                "{\"requestId\":\"rid-a\",\"code\":\"SignatureDoesNotMatch\",\"message\":\"signature mismatch\"}")))
            {
                var gate = new RequestGate(1);
                var client = ClientFor(server.BaseUri, gate);
                for (var i = 1; i <= 3; i++)
                    await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(client, "infer-" + i));
                var halted = await Assert.ThrowsAsync<RunHaltedException>(() => Stop(client, "infer-4"));
                Assert.Equal("SignatureDoesNotMatch", halted.FailureName);
                Assert.Equal(3, server.RequestCount);
                HaltAssert.CopyOf(Assert.IsType<RunHaltedException>(gate.Halted), halted);
            }
        }

        [Fact]
        public async Task PerIdFailuresAndASuccessBetweenRunWideOnesNeverStopTheRun()
        {
            var answers = new[] { 401, 401, 404, 401, 401, 200, 401, 401, 500, 404, 404, 404, 404 };
            using (var server = new StubServer((c, n) =>
            {
                var status = answers[(n - 1) % answers.Length];
                return status == 200
                    ? StubServer.Reply(c, 200, "{\"result\":true}")
                    : StubServer.Reply(c, status, "{\"code\":\"" + (status == 401 ? "AccessDenied" : status == 404 ? "ResourceNotFound" : "InternalError") + "\"}");
            }))
            {
                var gate = new RequestGate(1);
                var client = ClientFor(server.BaseUri, gate);
                for (var i = 1; i <= answers.Length; i++)
                {
                    try { await Stop(client, "infer-" + i); }
                    catch (QianfanServiceException) { }
                }
                Assert.Null(gate.Halted);
                Assert.Equal(answers.Length, server.RequestCount);
            }
        }

        [Fact]
        public async Task ARefusedEndpointStopsTheRunAfterThreeIdsAndSaysSo()
        {
            var gate = new RequestGate(1);
            var client = ClientFor(StubServer.NothingListening(), gate, retries: 1, time: new FakeClock());
            for (var i = 1; i <= 3; i++)
            {
                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(client, "infer-" + i));
                Assert.Equal(ConnectionProblem.Refused, failure.Connection);
                Assert.Contains("nothing accepted the connection", failure.Message);
            }
            var halted = await Assert.ThrowsAsync<RunHaltedException>(() => Stop(client, "infer-4"));
            Assert.Equal("connection refused", halted.FailureName);
        }

        [Fact]
        public async Task AnUnresolvableHostIsReportedAsSuch()
        {
            var gate = new RequestGate(1);
            var client = TestClients.To(new Uri("https://no-such-host.invalid"), gate: gate, attemptTimeout: TimeSpan.FromSeconds(20));
            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(client));
            Assert.Equal(ConnectionProblem.NameNotResolved, failure.Connection);
            Assert.Contains("could not be resolved", failure.Message);
        }

        [Fact]
        public async Task AnEndpointThatNeverAnswersStopsTheRunAfterThreeIdsTimeOutOnEveryAttempt()
        {
            using (var server = new StubServer((c, n) => StubServer.NeverAnswer(c)))
            {
                var gate = new RequestGate(4);
                var client = ClientFor(server.BaseUri, gate, retries: 1, timeoutSeconds: 0.2);
                var ids = Enumerable.Range(1, 40).Select(i => "infer-" + i).ToArray();
                var outcomes = await Task.WhenAll(ids.Select(async id =>
                {
                    try { await Stop(client, id); return "done"; }
                    catch (RunHaltedException) { return "not attempted"; }
                    catch (QianfanServiceException failure) { return failure.Kind + "x" + failure.Attempts.Count; }
                }));
                Assert.Equal("no answer in time", gate.Halted?.FailureName);
                Assert.DoesNotContain("done", outcomes);
                // Ids whose first attempt was still out when the run stopped are not retried; the rest are not sent.
                var cutShort = outcomes.Count(o => o == "not attempted" || o == "Timeoutx1");
                Assert.True(cutShort >= ids.Length / 2, string.Join(",", outcomes));
            }
        }

        [Fact]
        public async Task ASilentEndpointStopsNewIdsAfterOneRoundAndEverythingOnceTheirRetriesGetNoAnswerEither()
        {
            using (var server = new StubServer((c, n) => StubServer.NeverAnswer(c)))
            {
                const int places = 4;
                var gate = new RequestGate(places);
                // Long enough for every attempt to reach the server on a loaded machine: the count below compares the two.
                var client = ClientFor(server.BaseUri, gate, retries: 3, timeoutSeconds: 1);
                var ids = Enumerable.Range(1, 40).Select(i => "infer-" + i).ToArray();
                var outcomes = await Task.WhenAll(ids.Select(async id =>
                {
                    try { await Stop(client, id); return 0; }
                    catch (RunHaltedException) { return -1; }
                    catch (QianfanServiceException failure) { return failure.Attempts.Count; }
                }));

                var tried = outcomes.Where(attempts => attempts > 0).ToArray();
                // The places the first round frees as it times out go to its retries, not to new ids.
                Assert.Equal(places, tried.Length);
                Assert.All(tried, attempts => Assert.InRange(attempts, 1, 2));
                Assert.Equal(ids.Length - tried.Length, outcomes.Count(attempts => attempts == -1));
                Assert.Equal(tried.Sum(), server.RequestCount);
                Assert.Contains("attempts in a row got no answer in time", gate.Halted?.Message, StringComparison.Ordinal);
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(16)]
        public async Task ARunThatStopsAtItsFirstFailureStartsNothingOnceAFailedCallHasEnded(int places)
        {
            var gate = new RequestGate(places, stopsAtFirstFailure: true);
            var startedAfter = 0;
            var console = new ScriptedConsole(async (request, token) =>
            {
                // A request that reaches the service after the run stopped was admitted before: it held a place then.
                if (gate.Halted != null) Interlocked.Increment(ref startedAfter);
                if (request.BodyText.Contains("\"infer-1\"", StringComparison.Ordinal))
                {
                    return ScriptedConsole.Json(ScriptedConsole.Error(System.Net.HttpStatusCode.NotFound, ServiceProtocol.ErrorCodes.ResourceNotFound, "no such task"));
                }
                await Task.Yield();
                return ScriptedConsole.Json(ScriptedConsole.Result("true"));
            });
            var client = console.Client();
            client.Options.Gate = gate;
            var outcomes = await Task.WhenAll(Enumerable.Range(1, 51).Select(async i =>
            {
                try { await Stop(client, "infer-" + i); return "done"; }
                catch (RunHaltedException) { return "not sent"; }
                catch (QianfanServiceException failure) { return failure.ErrorCode; }
            }));

            Assert.Equal(ServiceProtocol.ErrorCodes.ResourceNotFound, outcomes[0]);
            // Requests already out when the failure came back may finish; none may start after it.
            Assert.InRange(startedAfter, 0, places - 1);
            Assert.Equal(ServiceProtocol.ErrorCodes.ResourceNotFound, gate.Halted?.Cause?.ErrorCode);
            Assert.Equal(console.Requests.Count, outcomes.Count(o => o != "not sent"));
            Assert.NotNull(gate.Halted);
        }

        [Fact]
        public async Task AFailureTheCallerTakesAsDoneDoesNotStopARunThatStopsAtItsFirstFailure()
        {
            var console = new ScriptedConsole(request => request.BodyText.Contains("\"infer-1\"", StringComparison.Ordinal)
                ? ScriptedConsole.Error(System.Net.HttpStatusCode.NotFound, ServiceProtocol.ErrorCodes.ResourceNotFound, "no such task")
                : ScriptedConsole.Result("true"));
            var gate = new RequestGate(1, stopsAtFirstFailure: true);
            var client = console.Client();
            client.Options.Gate = gate;

            var call = ConsoleCall.ForTask(ServiceProtocol.Actions.DeleteBatchInferenceTask, "infer-1")
                .TakingAsDone(failure => failure.ErrorCode == ServiceProtocol.ErrorCodes.ResourceNotFound);
            await Assert.ThrowsAsync<QianfanServiceException>(() => client.SendAsync(call));
            await Stop(client, "infer-2");

            Assert.Null(gate.Halted);
            Assert.Equal(2, console.Requests.Count);
        }

        [Fact]
        public async Task EachCallerAHaltedGateRejectsGetsAnExceptionOfItsOwn()
        {
            var gate = new RequestGate(1);
            var held = await gate.EnterAsync(CancellationToken.None);
            var waiting = new[] { gate.EnterAsync(CancellationToken.None), gate.EnterAsync(CancellationToken.None, retry: true) };
            var cause = new QianfanServiceException(FailureKind.Service, ServiceProtocol.Actions.StopBatchInferenceTask, 403,
                "SignatureDoesNotMatch", "signature mismatch", "rid-a");
            var reason = new RunHaltedException("SignatureDoesNotMatch", 3, cause);

            gate.StopSending(reason);
            var rejected = new[]
            {
                await Assert.ThrowsAsync<RunHaltedException>(() => waiting[0]),
                await Assert.ThrowsAsync<RunHaltedException>(() => waiting[1]),
                await Assert.ThrowsAsync<RunHaltedException>(() => gate.EnterAsync(CancellationToken.None)),
                await Assert.ThrowsAsync<RunHaltedException>(() => gate.EnterAsync(CancellationToken.None)),
            };
            held.Dispose();

            Assert.Same(reason, gate.Halted);
            Assert.All(rejected, halt => HaltAssert.CopyOf(reason, halt));
            Assert.Equal(rejected.Length, rejected.Distinct().Count());
            Assert.Equal(3, rejected[0].ConsecutiveIds);
            Assert.Equal("3 ids in a row failed with SignatureDoesNotMatch", rejected[0].Circumstance);
        }

        [Fact]
        public async Task UserCeilingPacesEveryRequestOfTheRun()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"result\":true}")))
            {
                var time = new FakeClock();
                var gate = new RequestGate(8, maxRequestsPerSecond: 20, clock: time);
                var client = ClientFor(server.BaseUri, gate, time: time);
                await Task.WhenAll(Enumerable.Range(1, 10).Select(i => Stop(client, "infer-" + i)));
                // Ten starts at 20/s: the first at once, each later one 50 ms after the one before.
                Assert.Equal(10, server.RequestCount);
                Assert.Equal(TimeSpan.FromMilliseconds(9 * 50), time.UtcNow - time.Start);
                Assert.All(time.Delays, d => Assert.True(d <= TimeSpan.FromMilliseconds(50), d.ToString()));
            }
        }
    }
}
