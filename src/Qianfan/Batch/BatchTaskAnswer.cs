using System.Collections.Generic;
using Qianfan.Client;

namespace Qianfan.Batch
{
    /// <summary>Tasks from one answer of the service, with the answer itself (request id, attempts).</summary>
    public sealed class BatchTaskAnswer
    {
        public BatchTaskAnswer(IReadOnlyList<BatchTask> tasks, ConsoleResult answer)
        {
            Tasks = tasks;
            Answer = answer;
        }

        public IReadOnlyList<BatchTask> Tasks { get; }
        public ConsoleResult Answer { get; }

        /// <summary>The failure for a successful answer whose result is not what the action returns.</summary>
        internal static QianfanServiceException NotUnderstood(string action, ConsoleResult answer, string detail) =>
            new QianfanServiceException(FailureKind.InvalidResponse, action, answer.HttpStatus, null, null, answer.RequestId, detail)
            {
                Attempts = answer.Attempts,
            };
    }
}
