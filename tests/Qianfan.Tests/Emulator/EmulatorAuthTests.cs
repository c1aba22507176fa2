using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Qianfan.Emulator;
using Xunit;

namespace Qianfan.Tests.Emulator
{
    public class EmulatorAuthTests
    {
        private static readonly object DescribeFirst = new { taskId = "infer-000001" };

        private static Task<EmulatorServer> StartAsync(Action<EmulatorOptions>? configure = null)
        {
            var options = new EmulatorOptions { AccessKey = "test-ak", SecretKey = "test-sk", Tasks = 3 };
            configure?.Invoke(options);
            return EmulatorServer.StartAsync(options);
        }

        [Fact]
        public async Task AGoodSignatureIsAccepted()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal("infer-000001", reply.Result.GetProperty("taskId").GetString());
            Assert.Equal(1, server.Stats.Snapshot().Total);
        }

        [Fact]
        public async Task AWrongSecretKeyGetsSignatureDoesNotMatch()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server) { SecretKey = "not-the-key" };

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
            Assert.Equal("SignatureDoesNotMatch", reply.Code);
            Assert.DoesNotContain("test-sk", reply.Text);
            Assert.Equal(1, server.Stats.Snapshot().AuthFailures);
            Assert.Equal(0, server.Stats.Snapshot().Total);
        }

        [Fact]
        public async Task AnUnknownAccessKeyGetsInvalidAccessKeyId()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server) { AccessKey = "someone-else" };

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
            Assert.Equal("InvalidAccessKeyId", reply.Code);
        }

        [Theory]
        [InlineData(null)]
        [InlineData("Bearer abc")]
        [InlineData("bce-auth-v1/test-ak/2024-01-01T00:00:00Z/1800/host")]
        [InlineData("bce-auth-v1/test-ak/yesterday/1800/host/0000000000000000000000000000000000000000000000000000000000000000")]
        public async Task AMissingOrMalformedAuthorizationGetsInvalidHTTPAuthHeader(string? authorization)
        {
            await using var server = await StartAsync();
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUri, "v2/batchinference?Action=DescribeBatchInferenceTask"))
            {
                Content = new StringContent("{\"taskId\":\"infer-000001\"}", Encoding.UTF8, "application/json"),
            };
            if (authorization != null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

            using var response = await http.SendAsync(request);
            var reply = new ApiReply(response, await response.Content.ReadAsStringAsync());

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("InvalidHTTPAuthHeader", reply.Code);
        }

        [Fact]
        public async Task TheHostHeaderMustBeSigned()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server) { SignHost = false };

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("InvalidHTTPAuthHeader", reply.Code);
        }

        [Fact]
        public async Task ASignedValueChangedInTransitGetsSignatureDoesNotMatch()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);
            using var request = client.BuildRequest("DescribeBatchInferenceTask", "{\"taskId\":\"infer-000001\"}", DateTimeOffset.UtcNow, 1800);
            request.RequestUri = new Uri(server.BaseUri, "v2/batchinference?Action=DescribeBatchInferenceTasks");

            using var response = await client.Http.SendAsync(request);
            var reply = new ApiReply(response, await response.Content.ReadAsStringAsync());

            Assert.Equal("SignatureDoesNotMatch", reply.Code);
        }

        [Fact]
        public async Task ATimestampTwentyMinutesOldGetsRequestExpired()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst, DateTimeOffset.UtcNow.AddMinutes(-20));

            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal("RequestExpired", reply.Code);
        }

        [Fact]
        public async Task ATimestampTooFarAheadGetsRequestExpired()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst, DateTimeOffset.UtcNow.AddMinutes(10));

            Assert.Equal("RequestExpired", reply.Code);
        }

        [Fact]
        public async Task ASignatureOlderThanItsOwnExpirationGetsRequestExpired()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var stale = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst, DateTimeOffset.UtcNow.AddSeconds(-120), expirationSeconds: 60);
            var fresh = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst, DateTimeOffset.UtcNow.AddSeconds(-120), expirationSeconds: 600);

            Assert.Equal("RequestExpired", stale.Code);
            Assert.Equal(HttpStatusCode.OK, fresh.Status);
        }

        [Fact]
        public async Task ASkewedEmulatorClockShowsInTheDateHeaderAndInTheTimeCheck()
        {
            await using var server = await StartAsync(o => o.ClockOffsetSec = 3600);
            using var client = new SignedEmulatorClient(server);

            var local = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);
            var serverDate = local.Response.Headers.Date;

            Assert.Equal("RequestExpired", local.Code);
            Assert.NotNull(serverDate);
            var skew = serverDate.Value - DateTimeOffset.UtcNow;
            Assert.InRange(skew.TotalSeconds, 3590, 3610);

            // A client that corrects its clock from the Date header gets through.
            var corrected = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst, DateTimeOffset.UtcNow + skew);
            Assert.Equal(HttpStatusCode.OK, corrected.Status);
        }

        [Fact]
        public async Task EveryResponseCarriesDateAndTheRequestIdOfItsBody()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server) { SecretKey = "wrong" };

            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            Assert.NotNull(reply.Response.Headers.Date);
            var headerId = string.Join(",", reply.Response.Headers.GetValues("x-bce-request-id"));
            Assert.True(Guid.TryParse(headerId, out _));
            Assert.Equal(headerId, reply.Body.GetProperty("requestId").GetString());
        }

        [Fact]
        public async Task TemporaryCredentialsNeedTheirSecurityTokenSentAndSigned()
        {
            await using var server = await StartAsync(o => o.SecurityToken = "sts-token-1");
            using var client = new SignedEmulatorClient(server);

            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Status);

            client.SecurityToken = null;
            Assert.Equal("AccessDenied", (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Code);

            client.SecurityToken = "sts-token-2";
            var wrong = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);
            Assert.Equal("AccessDenied", wrong.Code);
            Assert.DoesNotContain("sts-token", wrong.Text);

            client.SecurityToken = "sts-token-1";
            client.LeaveTokenUnsigned = true;
            Assert.Equal("SignatureDoesNotMatch", (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Code);
        }

        [Fact]
        public async Task TheConfigRouteChangesTheAccessKeyLive()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            var config = await client.AdminAsync("POST", "config", new { accessKey = "ak-2" });

            Assert.Equal("ak-2", config.GetProperty("accessKey").GetString());
            Assert.Equal("InvalidAccessKeyId", (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Code);
            client.AccessKey = "ak-2";
            Assert.Equal(HttpStatusCode.OK, (await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst)).Status);
        }

        [Fact]
        public async Task TheConfigRouteRefusesUnknownOrInvalidSettings()
        {
            await using var server = await StartAsync();
            using var http = new HttpClient();

            foreach (var body in new[] { "{\"failRate\":2}", "{\"latencyMs\":\"slow\"}", "{\"colour\":1}", "[1]" })
            {
                using var response = await http.PostAsync(new Uri(server.BaseUri, "_emulator/config"),
                    new StringContent(body, Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            }
            Assert.Equal(0, server.Settings.FailRate);
        }

        [Fact]
        public async Task TheClockOffsetCanChangeLive()
        {
            await using var server = await StartAsync();
            using var client = new SignedEmulatorClient(server);

            await client.AdminAsync("POST", "config", new { clockOffsetSec = -7200, maxSkewSec = 60 });
            var reply = await client.CallAsync("DescribeBatchInferenceTask", DescribeFirst);

            Assert.Equal("RequestExpired", reply.Code);
            var behind = DateTimeOffset.UtcNow - Assert.NotNull(reply.Response.Headers.Date);
            Assert.InRange(behind.TotalSeconds, 7190, 7210);
            Assert.Contains("ahead of the service clock", reply.Message);
        }
    }
}
