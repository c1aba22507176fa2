using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    /// <summary>
    /// Connection failures as each runtime's handler reports them: PowerShell 7 puts a SocketException
    /// or AuthenticationException inside the HttpRequestException; Windows PowerShell (.NET Framework)
    /// puts a WebException there whose Status tells the cause, often with nothing inside it. Both must
    /// read the same: the advice, the run-wide breaker and "may have reached the service" depend on it.
    /// </summary>
    public class ConnectionFailureChainTests
    {
        private const string Message = "An error occurred while sending the request.";

        private static HttpRequestException DotNetFramework(WebExceptionStatus status, Exception? inner = null) =>
            new HttpRequestException(Message, new WebException("The request failed: " + status, inner, status, null));

        private static HttpRequestException DotNet(SocketError error) => new HttpRequestException(Message, new SocketException((int)error));

        public static TheoryData<WebExceptionStatus, ConnectionProblem> FrameworkStatuses => new TheoryData<WebExceptionStatus, ConnectionProblem>
        {
            { WebExceptionStatus.NameResolutionFailure, ConnectionProblem.NameNotResolved },
            { WebExceptionStatus.ProxyNameResolutionFailure, ConnectionProblem.NameNotResolved },
            { WebExceptionStatus.ConnectFailure, ConnectionProblem.Refused },
            { WebExceptionStatus.SecureChannelFailure, ConnectionProblem.SecureChannel },
            { WebExceptionStatus.TrustFailure, ConnectionProblem.SecureChannel },
            // After the connection was made: the request may have been carried out.
            { WebExceptionStatus.Timeout, ConnectionProblem.Broken },
            { WebExceptionStatus.ReceiveFailure, ConnectionProblem.Broken },
            { WebExceptionStatus.SendFailure, ConnectionProblem.Broken },
            { WebExceptionStatus.ConnectionClosed, ConnectionProblem.Broken },
            { WebExceptionStatus.KeepAliveFailure, ConnectionProblem.Broken },
            { WebExceptionStatus.UnknownError, ConnectionProblem.Broken },
        };

        [Theory]
        [MemberData(nameof(FrameworkStatuses))]
        public void AWebExceptionStatusWithNothingInsideIsReadAsTheSameCauseAsASocketError(WebExceptionStatus status, ConnectionProblem expected)
        {
            Assert.Equal(expected, ConnectionFailures.Classify(DotNetFramework(status)));
        }

        [Theory]
        [InlineData(SocketError.HostNotFound, ConnectionProblem.NameNotResolved)]
        [InlineData(SocketError.TryAgain, ConnectionProblem.NameNotResolved)]
        [InlineData(SocketError.ConnectionRefused, ConnectionProblem.Refused)]
        [InlineData(SocketError.ConnectionReset, ConnectionProblem.Broken)]
        public void PowerShell7sSocketErrorsReadAsBefore(SocketError error, ConnectionProblem expected)
        {
            Assert.Equal(expected, ConnectionFailures.Classify(DotNet(error)));
        }

        [Fact]
        public void BothRuntimesChainsOfTheSameFailureReadAlike()
        {
            Assert.Equal(ConnectionFailures.Classify(DotNet(SocketError.ConnectionRefused)),
                ConnectionFailures.Classify(DotNetFramework(WebExceptionStatus.ConnectFailure, new SocketException((int)SocketError.ConnectionRefused))));
            Assert.Equal(ConnectionFailures.Classify(new HttpRequestException(Message, new AuthenticationException("remote certificate invalid"))),
                ConnectionFailures.Classify(DotNetFramework(WebExceptionStatus.TrustFailure, new AuthenticationException("remote certificate invalid"))));
            // A WebException that says nothing specific defers to what is inside it.
            Assert.Equal(ConnectionProblem.Refused,
                ConnectionFailures.Classify(DotNetFramework(WebExceptionStatus.UnknownError, new SocketException((int)SocketError.ConnectionRefused))));
        }

        [Theory]
        [InlineData(WebExceptionStatus.NameResolutionFailure, "host name not resolved", "could not be resolved")]
        [InlineData(WebExceptionStatus.ConnectFailure, "connection refused", "nothing accepted the connection")]
        [InlineData(WebExceptionStatus.SecureChannelFailure, "TLS failed", "TLS handshake")]
        public async Task AFailureThatNeverLeftTheMachineIsNotTakenToHaveReachedTheServiceAndCountsRunWide(
            WebExceptionStatus status, string attemptOutcome, string detail)
        {
            var console = new ScriptedConsole((request, token) => Task.FromException<HttpResponseMessage>(DotNetFramework(status)));

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() =>
                console.Client(maxRetryCount: 1).SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.DeleteBatchInferenceTask, "infer-1")));

            Assert.Equal(FailureKind.Connection, failure.Kind);
            Assert.False(failure.MayHaveReachedService);
            Assert.False(failure.EarlierAttemptMayHaveReachedService);
            Assert.Contains(detail, failure.Message);
            Assert.All(failure.Attempts, a => Assert.Equal(attemptOutcome, a.Outcome));
            Assert.NotNull(RunWideFailures.KeyOf(failure));
        }

        [Fact]
        public async Task ThreeIdsInARowThatCannotResolveTheHostStopTheRunOnWindowsPowerShellToo()
        {
            var console = new ScriptedConsole((request, token) => Task.FromException<HttpResponseMessage>(DotNetFramework(WebExceptionStatus.NameResolutionFailure)));
            var gate = new RequestGate(1);
            var client = TestClients.Scripted(console, QianfanCredential.FromPlainText("AKTESTCHAINS00000000000000", "sk-test-chains"), gate: gate);

            for (var i = 1; i <= RunBreaker.Threshold; i++)
                await Assert.ThrowsAsync<QianfanServiceException>(() => client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-" + i)));
            var halted = await Assert.ThrowsAsync<RunHaltedException>(() =>
                client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-next")));

            Assert.Equal("host name not resolved", halted.FailureName);
            Assert.Equal(RunBreaker.Threshold, console.Requests.Count);
        }

        [Fact]
        public async Task ADeleteWhoseFirstAttemptNeverLeftTheMachineIsNotReportedDoneByIt()
        {
            var console = new ScriptedConsole(FirstFailsThenNotFound(WebExceptionStatus.NameResolutionFailure));
            var outcome = await new BatchTaskExecutor(console.Client(maxRetryCount: 1))
                .ExecuteAsync("infer-1", BatchTaskAction.Delete, CancellationToken.None);

            Assert.False(outcome.Succeeded);
            Assert.Null(outcome.Warning);
            Assert.Equal(ServiceProtocol.ErrorCodes.ResourceNotFound, Assert.IsType<QianfanServiceException>(outcome.Failure).ErrorCode);
            Assert.Equal(2, console.Requests.Count);
        }

        [Fact]
        public async Task ADeleteWhoseFirstAttemptBrokeAfterSendingIsStillTakenToBeDoneByIt()
        {
            var console = new ScriptedConsole(FirstFailsThenNotFound(WebExceptionStatus.ReceiveFailure));
            var outcome = await new BatchTaskExecutor(console.Client(maxRetryCount: 1))
                .ExecuteAsync("infer-1", BatchTaskAction.Delete, CancellationToken.None);

            Assert.True(outcome.Succeeded, outcome.Failure?.ToString());
            Assert.Contains("earlier attempt", outcome.Warning);
            Assert.Equal(2, console.Requests.Count);
        }

        /// <summary>A script whose first request fails with <paramref name="status"/> and whose later ones answer "not found".</summary>
        private static Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> FirstFailsThenNotFound(WebExceptionStatus status)
        {
            var calls = 0;
            return (request, token) => Interlocked.Increment(ref calls) == 1
                ? Task.FromException<HttpResponseMessage>(DotNetFramework(status))
                : Task.FromResult(ScriptedConsole.Json(ScriptedConsole.Error(HttpStatusCode.NotFound, ServiceProtocol.ErrorCodes.ResourceNotFound, "no such task")));
        }
    }
}
