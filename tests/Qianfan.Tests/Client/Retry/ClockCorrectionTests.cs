using System;
using System.Linq;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;
using Qianfan.Protocol;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Retry
{
    /// <summary>
    /// The clock correction learnt from a RequestExpired answer's Date header: bounded, and kept for
    /// the endpoint that gave it, so one bad endpoint cannot make requests to another be signed years ahead.
    /// </summary>
    public class ClockCorrectionTests
    {
        private static StubServer ExpiringServer(DateTimeOffset serverNow) =>
            new StubServer((c, n) =>
            {
                c.Response.Headers["Date"] = serverNow.ToString("r");
                return n == 1
                    ? StubServer.Reply(c, 400, "{\"requestId\":\"r\",\"code\":\"RequestExpired\",\"message\":\"expired\"}")
                    : StubServer.Reply(c, 200, "{\"requestId\":\"ok\",\"result\":true}");
            });

        /// <summary>A client on the session clock this process keeps for the server's endpoint, as the cmdlets have.</summary>
        private static ConsoleClient DefaultClient(StubServer server) =>
            TestClients.To(server.BaseUri, clock: SessionClock.ForEndpoint(QianfanEndpoint.FromUri(server.BaseUri)));

        private static Task<ConsoleResult> Stop(ConsoleClient client) =>
            client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));

        [Fact]
        public async Task ACorrectionLearntFromOneEndpointDoesNotMoveTheTimeSignedForAnother()
        {
            using (var skewed = ExpiringServer(DateTimeOffset.UtcNow.AddHours(2)))
            using (var other = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"other\",\"result\":true}")))
            {
                await Stop(DefaultClient(skewed));
                Assert.InRange(SessionClock.ForEndpoint(QianfanEndpoint.FromUri(skewed.BaseUri)).Offset.TotalMinutes, 119, 121);

                await Stop(DefaultClient(other));

                var signedDate = other.Requests.Single().Date;
                Assert.NotNull(signedDate);
                var signedAt = DateTimeOffset.Parse(signedDate, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange((signedAt - DateTimeOffset.UtcNow).TotalMinutes, -30, 30);
                Assert.Equal(TimeSpan.Zero, SessionClock.ForEndpoint(QianfanEndpoint.FromUri(other.BaseUri)).Offset);
            }
        }

        [Fact]
        public async Task TheSameEndpointKeepsItsCorrectionAcrossClients()
        {
            using (var skewed = ExpiringServer(DateTimeOffset.UtcNow.AddHours(-3)))
            {
                await Stop(DefaultClient(skewed));
                await Stop(DefaultClient(skewed));

                Assert.Equal(3, skewed.RequestCount);
                var thirdDate = skewed.Requests.Last().Date;
                Assert.NotNull(thirdDate);
                var third = DateTimeOffset.Parse(thirdDate, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange((third - DateTimeOffset.UtcNow).TotalHours, -3.5, -2.5);
            }
        }

        [Theory]
        [InlineData(24 * 365 * 3)]
        [InlineData(-25)]
        public async Task ASkewBeyondTheBoundIsNotAdoptedAndTheErrorSaysToFixTheClock(int hours)
        {
            var clock = new SessionClock();
            using (var server = ExpiringServer(DateTimeOffset.UtcNow.AddHours(hours)))
            {
                var client = TestClients.To(server.BaseUri, retryPolicy: new RetryPolicy(3), clock: clock);

                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => Stop(client));

                Assert.Equal(TimeSpan.Zero, clock.Offset);
                Assert.Equal(1, server.RequestCount);
                Assert.Equal("RequestExpired", failure.ErrorCode);
                Assert.Equal("r", failure.RequestId);
                Assert.Single(failure.Attempts);
                Assert.Contains(hours > 0 ? "ahead of" : "behind", failure.Message);
                Assert.Contains("more than the 24 hours", failure.Message);
                Assert.Contains("fix this machine's clock", failure.Message);
            }
        }

        [Fact]
        public void TheBoundIsADay()
        {
            var machine = DateTimeOffset.Parse("2025-06-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
            var clock = new SessionClock(new FakeClock(machine));

            clock.CorrectTo(machine.AddHours(23), out var adopted);
            Assert.True(adopted);
            Assert.Equal(TimeSpan.FromHours(23), clock.Offset);

            var skew = clock.CorrectTo(machine.AddHours(-25), out adopted);
            Assert.False(adopted);
            Assert.Equal(TimeSpan.FromHours(-25), skew);
            Assert.Equal(TimeSpan.FromHours(23), clock.Offset);
        }
    }
}
