using System.Linq;
using Qianfan.Protocol;
using Xunit;

namespace Qianfan.Tests.Protocol
{
    public class ConsoleActionNamesTests
    {
        [Theory]
        [InlineData("DescribeBatchInferenceTasks")]
        [InlineData("DescribeBatchInferenceModel")]
        [InlineData("ListModels")]
        [InlineData("GetQuota")]
        [InlineData("QueryUsage")]
        [InlineData("describeBatchInferenceTask")]
        [InlineData(" DescribeBatchInferenceTask ")]
        public void ActionsThatOnlyReadAreReadOnly(string action)
        {
            Assert.True(ConsoleActionNames.IsReadOnly(action));
        }

        [Theory]
        [InlineData("StopBatchInferenceTask")]
        [InlineData("DeleteBatchInferenceTask")]
        [InlineData("CreateBatchInferenceTask")]
        [InlineData("UpdateBatchInferenceTask")]
        [InlineData("ModifyDescription")]
        [InlineData("")]
        [InlineData(null)]
        public void EveryOtherActionMayChangeSomething(string? action)
        {
            Assert.False(ConsoleActionNames.IsReadOnly(action));
        }

        [Fact]
        public void TheBatchInferenceActionsAreTheOnesTheModuleSends()
        {
            var names = ConsoleActionNames.BatchInference.Select(a => a.Key).ToList();

            Assert.Contains(ServiceProtocol.Actions.DescribeBatchInferenceTasks, names);
            Assert.Contains(ServiceProtocol.Actions.DescribeBatchInferenceTask, names);
            Assert.Contains("StopBatchInferenceTask", names);
            Assert.Contains("DeleteBatchInferenceTask", names);
            Assert.Contains("CreateBatchInferenceTask", names);
            Assert.Contains("DescribeBatchInferenceModel", names);
            Assert.All(ConsoleActionNames.BatchInference, a => Assert.False(string.IsNullOrWhiteSpace(a.Value)));
        }
    }
}
