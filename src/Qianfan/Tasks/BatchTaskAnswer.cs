using System.Collections.Generic;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Runs.Gate;

namespace Qianfan.Tasks
{
    /// <summary>Tasks from one answer of the service, with the answer itself (request id, attempts).</summary>
    internal sealed record BatchTaskAnswer(IReadOnlyList<BatchTask> Tasks, ConsoleResult Answer)
    {
        /// <summary>The failure for a successful answer whose result is not what the action returns: the service answered, so no proxy is blamed.</summary>
        /// <param name="attempts">The attempts the failure reports; the answer's when null.</param>
        internal static QianfanServiceException NotUnderstood(string action, ConsoleResult answer, string detail, IReadOnlyList<AttemptRecord>? attempts = null) =>
            new QianfanServiceException(FailureKind.UnexpectedAnswer, action, answer.HttpStatus, null, null, answer.RequestId, detail)
            {
                Attempts = attempts ?? answer.Attempts,
            };
    }
}
