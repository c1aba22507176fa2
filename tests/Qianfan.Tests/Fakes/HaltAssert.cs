using Qianfan.Client;
using Xunit;

namespace Qianfan.Tests.Fakes
{
    /// <summary>What a caller rejected by a halted gate gets: the halt's content, in an instance of its own.</summary>
    internal static class HaltAssert
    {
        public static void CopyOf(RunHaltedException halt, RunHaltedException rejected)
        {
            Assert.NotSame(halt, rejected);
            Assert.Equal(halt.Message, rejected.Message);
            Assert.Equal(halt.FailureName, rejected.FailureName);
            Assert.Equal(halt.Circumstance, rejected.Circumstance);
            Assert.Equal(halt.ConsecutiveIds, rejected.ConsecutiveIds);
            Assert.Same(halt.Cause, rejected.Cause);
            Assert.Same(halt.InnerException, rejected.InnerException);
        }
    }
}
