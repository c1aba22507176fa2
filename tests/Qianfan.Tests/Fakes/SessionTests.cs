using Xunit;

namespace Qianfan.Tests.Fakes
{
    /// <summary>Tests that set or read the process-wide session of Connect-Qianfan run one at a time.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SessionTests
    {
        public const string Name = "Connect-Qianfan session";
    }
}
