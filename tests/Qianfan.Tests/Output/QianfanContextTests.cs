using System;
using System.Collections.Generic;
using Qianfan.Client;
using Qianfan.Connection;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Output
{
    // Get-QianfanContext is what one runs to find out what is wrong: an unusable environment is shown, never thrown.
    [Collection(SessionTests.Name)]
    public class QianfanContextTests
    {
        private static Func<string, string?> Environment(Dictionary<string, string> variables) =>
            name => variables.TryGetValue(name, out var value) ? value : null;

        [Theory]
        [InlineData("not a url")]
        [InlineData("ftp://qianfan.example.com")]
        [InlineData("https://alice:s3cret@qianfan.example.com")]
        public void AnUnusableEndpointInTheEnvironmentIsShownWithTheReason(string endpoint)
        {
            var context = QianfanContext.Inspect(null, null, Environment(new Dictionary<string, string>
            {
                [KeysAndEndpoint.EndpointVariable] = endpoint,
            }));

            Assert.Equal(SettingSource.Environment, context.EndpointSource);
            Assert.StartsWith("The environment variable " + KeysAndEndpoint.EndpointVariable + " holds an unusable endpoint.", context.EndpointProblem);
            Assert.DoesNotContain("s3cret", context.Endpoint + context.EndpointProblem);
            Assert.Equal(SettingSource.None, context.CredentialSource);
            Assert.Null(context.CredentialProblem);
        }

        [Fact]
        public void HalfTheKeysInTheEnvironmentAreShownWithTheReason()
        {
            var context = QianfanContext.Inspect(null, null, Environment(new Dictionary<string, string>
            {
                [KeysAndEndpoint.SecretKeyVariable] = "SK-only",
            }));

            Assert.Equal(SettingSource.Environment, context.CredentialSource);
            Assert.Contains(KeysAndEndpoint.AccessKeyVariable + " is not set", context.CredentialProblem);
            Assert.Null(context.AccessKey);
            Assert.Equal(SettingSource.Default, context.EndpointSource);
            Assert.Null(context.EndpointProblem);
        }

        [Fact]
        public void AnEndpointGivenAsAParameterIsStillRefusedAsForAnyCommand()
        {
            Assert.ThrowsAny<ArgumentException>(() => QianfanContext.Inspect(null, new Uri("ftp://qianfan.example.com"), Environment(new Dictionary<string, string>())));
        }
    }
}
