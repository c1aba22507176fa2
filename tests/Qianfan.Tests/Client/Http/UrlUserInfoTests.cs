using System;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    /// <summary>A password written into a URL (user:password@) never reaches a message.</summary>
    public class UrlUserInfoTests
    {
        [Theory]
        [InlineData("https://user:s3cret@qianfan.baidubce.com/", "https://***@qianfan.baidubce.com/")]
        [InlineData("http://user@127.0.0.1:8080", "http://***@127.0.0.1:8080")]
        [InlineData("proxy 'http://u:p@ss/w0rd@10.0.0.1:3128/' failed", "proxy 'http://***@10.0.0.1:3128/' failed")]
        [InlineData("user:s3cret@qianfan.baidubce.com", "***@qianfan.baidubce.com")]
        [InlineData("https://qianfan.baidubce.com:8443/", "https://qianfan.baidubce.com:8443/")]
        [InlineData("no url here", "no url here")]
        public void UserInformationIsMasked(string text, string masked)
        {
            Assert.Equal(masked, UrlText.Masked(text));
        }

        [Theory]
        [InlineData("https://alice:s3cret@qianfan.baidubce.com")]
        [InlineData("http://alice:s3cret@qianfan.baidubce.com")]
        [InlineData("http://alice:s3cret@10.1.2.3:8080/v2")]
        [InlineData("ftp://alice:s3cret@127.0.0.1")]
        [InlineData("https://alice:s3cret@qianfan.baidubce.com/v2?x=1")]
        [InlineData("http://alice:s3cret@127.0.0.1:8080")]
        public void AnEndpointWithAPasswordIsRefusedWithoutEchoingIt(string endpoint)
        {
            var fromText = Assert.Throws<ArgumentException>(() => QianfanEndpoint.Parse(endpoint));
            var fromUri = Assert.Throws<ArgumentException>(() => QianfanEndpoint.FromUri(new Uri(endpoint)));

            foreach (var problem in new[] { fromText, fromUri })
            {
                Assert.DoesNotContain("s3cret", problem.ToString());
                Assert.DoesNotContain("alice", problem.Message);
                Assert.Contains("***@", problem.Message);
            }
        }

        [Fact]
        public void AServiceFailureMasksUserInformationInItsDetail()
        {
            var failure = new QianfanServiceException(FailureKind.Connection, "StopBatchInferenceTask", null, null, null, null,
                "the proxy http://puser:psecret@10.0.0.1:3128 refused", new InvalidOperationException("via http://puser:psecret@10.0.0.1:3128/"));

            Assert.DoesNotContain("psecret", failure.ToString());
            Assert.DoesNotContain("psecret", failure.Detail);
            Assert.Contains("http://***@10.0.0.1:3128", failure.Message);
            Assert.Contains("http://***@10.0.0.1:3128", failure.InnerException?.Message);
        }
    }
}
