using System;
using Qianfan.Client.Http;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    public class ConsoleTargetTests
    {
        [Theory]
        [InlineData("/v2/batchinference", "/v2/batchinference")]
        [InlineData("v2/batchinference", "/v2/batchinference")]
        [InlineData(" /v2/finetuning ", "/v2/finetuning")]
        [InlineData("/v2/model_service.x~y-z", "/v2/model_service.x~y-z")]
        public void PlainRoutesAreAccepted(string route, string expected)
        {
            Assert.Equal(expected, ConsoleTarget.NormalizeRoute(route));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("/")]
        [InlineData("/v2//batchinference")]
        [InlineData("/v2/batchinference/")]
        [InlineData("/v2/../admin")]
        [InlineData("/v2/batch inference")]
        [InlineData("/v2/batchinference?Action=Stop")]
        [InlineData("/v2/%62atch")]
        [InlineData("https://qianfan.baidubce.com/v2/batchinference")]
        public void RoutesTheSignatureCouldNotCoverAreRefused(string? route)
        {
            Assert.Throws<ArgumentException>(() => ConsoleTarget.NormalizeRoute(route));
        }

        /// <summary>.NET Framework's Uri drops a trailing dot from a path segment, so the path sent would not be the one signed.</summary>
        [Theory]
        [InlineData("/v2/batchinference.")]
        [InlineData("/v2./batchinference")]
        [InlineData("/v2/batch.inference../x")]
        public void APartEndingInADotIsRefusedSayingSo(string route)
        {
            var refusal = Assert.Throws<ArgumentException>(() => ConsoleTarget.NormalizeRoute(route));
            Assert.Contains("must not end in '.'", refusal.Message);
        }

        [Theory]
        [InlineData("DescribeBatchInferenceTasks")]
        [InlineData(" StopBatchInferenceTask ")]
        [InlineData("V2Action2")]
        public void ActionNamesAreOneWord(string action)
        {
            Assert.Equal(action.Trim(), ConsoleTarget.CheckAction(action));
        }

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("Describe Tasks")]
        [InlineData("Stop&Action=Delete")]
        [InlineData("2Describe")]
        [InlineData("Describé")]
        public void OtherActionNamesAreRefused(string? action)
        {
            Assert.Throws<ArgumentException>(() => ConsoleTarget.CheckAction(action));
        }
    }
}
