using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Errors
{
    /// <summary>Every error shape of the vendor's answers is read, whatever the HTTP status, and a throttling code in any of them is throttling.</summary>
    public class ServiceErrorShapeTests
    {
        private const string Action = ServiceProtocol.Actions.StopBatchInferenceTask;

        private static QianfanServiceException Failure(int status, string body)
        {
            using (var response = new HttpResponseMessage((HttpStatusCode)status))
            {
                return Assert.Throws<QianfanServiceException>(() => ResponseInterpreter.Interpret(Action, response, Encoding.UTF8.GetBytes(body), new FakeClock(), out _));
            }
        }

        [Theory]
        // The console API (seeds' error section; the vendor SDK's mock server).
        [InlineData(400, "{\"requestId\":\"rid-7\",\"code\":\"InappropriateJSON\",\"message\":\"param[userName] invalid.\"}", "InappropriateJSON", "param[userName] invalid", false)]
        [InlineData(200, "{\"requestId\":\"rid-7\",\"code\":\"AccessDenied\",\"message\":\"Access denied.\"}", "AccessDenied", "Access denied", false)]
        // The rate-limit page: a numeric code with "msg", under HTTP 200.
        [InlineData(200, "{\"code\":336501,\"msg\":\"Rate limit reached for RPM\"}", "336501", "Rate limit reached for RPM", true)]
        // The older APIs.
        [InlineData(200, "{\"error_code\":18,\"error_msg\":\"Open api qps request limit reached\"}", "18", "Open api qps request limit reached", true)]
        [InlineData(400, "{\"error_code\":18,\"error_msg\":\"Open api qps request limit reached\"}", "18", "Open api qps request limit reached", true)]
        [InlineData(200, "{\"error_code\":336501,\"error_msg\":\"Rate limit reached for RPM\"}", "336501", "Rate limit reached for RPM", true)]
        [InlineData(200, "{\"error_code\":110,\"error_msg\":\"Access token invalid or no longer valid\"}", "110", "Access token invalid", false)]
        [InlineData(403, "{\"error_code\":\"6\",\"error_msg\":\"No permission to access data\"}", "6", "No permission", false)]
        // The v2 inference API.
        [InlineData(400, "{\"error\":{\"code\":\"invalid_model\",\"message\":\"No permission to use the model\",\"type\":\"invalid_request_error\"},\"id\":\"as-1\"}", "invalid_model", "No permission to use the model", false)]
        [InlineData(200, "{\"error\":{\"code\":\"internal_error\",\"message\":\"high load\"}}", "internal_error", "high load", false)]
        [InlineData(429, "{\"error\":{\"code\":\"rpm_rate_limit_exceeded\",\"message\":\"Rate limit reached for RPM\",\"type\":\"rate_limit_exceeded\"}}", "rpm_rate_limit_exceeded", "Rate limit reached for RPM", true)]
        [InlineData(200, "{\"error\":{\"code\":\"tpm_rate_limit_exceeded\",\"message\":\"Rate limit reached for TPM\",\"type\":\"rate_limit_exceeded\"}}", "tpm_rate_limit_exceeded", "Rate limit reached for TPM", true)]
        [InlineData(200, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad\"}}", "invalid_request_error", "bad", false)]
        // A gateway's OAuth-style error.
        [InlineData(401, "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}", "invalid_client", "Client authentication failed", false)]
        public void EachShapeIsTheServicesRefusalWithItsCodeAndMessage(int status, string body, string code, string message, bool throttling)
        {
            var failure = Failure(status, body);

            Assert.Equal(FailureKind.Service, failure.Kind);
            Assert.Equal(code, failure.ErrorCode);
            Assert.Contains(message, failure.ServiceMessage);
            Assert.Contains(code, failure.Message);
            Assert.Equal(status, failure.HttpStatus);
            Assert.Equal(throttling, failure.IsThrottling);
        }

        [Fact]
        public void TheConsoleShapesRequestIdIsKept()
        {
            Assert.Equal("rid-7", Failure(400, "{\"requestId\":\"rid-7\",\"code\":\"InappropriateJSON\",\"message\":\"m\"}").RequestId);
        }

        [Theory]
        [InlineData("{\"error_code\":0,\"error_msg\":\"\",\"result\":true}")]
        [InlineData("{\"requestId\":\"r\",\"code\":\"\",\"result\":true}")]
        public void AZeroOrEmptyCodeIsNoError(string body)
        {
            using (var response = new HttpResponseMessage(HttpStatusCode.OK))
            {
                var result = ResponseInterpreter.Interpret(Action, response, Encoding.UTF8.GetBytes(body), new FakeClock(), out _);
                Assert.Equal(System.Text.Json.JsonValueKind.True, result.ValueKind);
            }
        }

        [Theory]
        [InlineData(500, "{\"requestId\":\"rid-9\"}", FailureKind.UnexpectedAnswer)]
        [InlineData(400, "{\"requestId\":\"rid-9\",\"detail\":\"x\"}", FailureKind.UnexpectedAnswer)]
        [InlineData(502, "{\"message\":\"An invalid response was received from the upstream server\"}", FailureKind.InvalidResponse)]
        [InlineData(502, "<html>Bad Gateway</html>", FailureKind.InvalidResponse)]
        public void AFailingStatusWithoutAnErrorIsTheServicesOnlyWhenItCarriesItsRequestId(int status, string body, FailureKind kind)
        {
            var failure = Failure(status, body);

            Assert.Equal(kind, failure.Kind);
            Assert.Null(failure.ErrorCode);
            Assert.Equal(kind == FailureKind.InvalidResponse, failure.Message.Contains("not the service's JSON", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task AStopThrottledInTheOlderShapeUnderHttp200IsSentAgainAndDone()
        {
            var answers = 0;
            var console = new ScriptedConsole(_ => ++answers == 1
                ? (HttpStatusCode.OK, "{\"error_code\":18,\"error_msg\":\"Open api qps request limit reached\"}")
                : ScriptedConsole.Result("true"));

            // No retries allowed: a throttled attempt does not use one up.
            var answer = await console.Client(maxRetryCount: 0).SendAsync(ConsoleCall.ForTask(Action, "infer-1"), CancellationToken.None);

            Assert.Equal(System.Text.Json.JsonValueKind.True, answer.Result.ValueKind);
            Assert.Equal(2, console.Requests.Count);
        }
    }
}
