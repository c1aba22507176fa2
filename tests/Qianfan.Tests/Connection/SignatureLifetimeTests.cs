using System;
using System.Linq;
using System.Threading.Tasks;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Qianfan.Protocol;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Connection
{
    /// <summary>QIANFAN_IAM_SIGN_EXPIRATION_SEC: a documented range, a short default, a clear error outside it.</summary>
    public class SignatureLifetimeTests
    {
        [Fact]
        public async Task SignaturesLastThreeHundredSecondsByDefault()
        {
            using (var server = new StubServer((c, n) => StubServer.Reply(c, 200, "{\"requestId\":\"ok\",\"result\":true}")))
            {
                var client = TestClients.To(server.BaseUri);
                await client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.StopBatchInferenceTask, "infer-1"));

                Assert.Equal(300, client.Options.ExpirationSeconds);
                Assert.Equal("300", server.Requests.Single().Authorization?.Split('/')[3]);
            }
        }

        [Theory]
        [InlineData(null, 300)]
        [InlineData("", 300)]
        [InlineData("  ", 300)]
        [InlineData("60", 60)]
        [InlineData(" 1800 ", 1800)]
        [InlineData("3600", 3600)]
        public void AValueInRangeIsTaken(string? text, int seconds)
        {
            Assert.Equal(seconds, SignatureLifetime.FromEnvironment(name => name == "QIANFAN_IAM_SIGN_EXPIRATION_SEC" ? text : null));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("59")]
        [InlineData("3601")]
        [InlineData("2147483647")]
        [InlineData("-300")]
        [InlineData("300s")]
        [InlineData("5 minutes")]
        public void AValueOutOfRangeIsAnErrorThatSaysTheRange(string text)
        {
            var problem = Assert.Throws<ArgumentException>(() => SignatureLifetime.Parse(text));

            Assert.Contains("QIANFAN_IAM_SIGN_EXPIRATION_SEC", problem.Message);
            Assert.Contains("from 60 to 3600", problem.Message);
            Assert.Throws<ArgumentOutOfRangeException>(() =>
                new ConsoleClientOptions(QianfanEndpoint.Default, QianfanCredential.FromPlainText("ak", "sk")) { ExpirationSeconds = int.TryParse(text, out var n) ? n : 0 });
        }
    }
}
