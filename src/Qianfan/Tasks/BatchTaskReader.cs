using System;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;

namespace Qianfan.Tasks
{
    /// <summary>Describes one batch inference task by id (DescribeBatchInferenceTask).</summary>
    internal static class BatchTaskReader
    {
        /// <param name="takenAsDone">Failures the caller takes as done rather than as its id's failure (see <see cref="ConsoleCall.TakenAsDone"/>).</param>
        /// <exception cref="QianfanServiceException">The request failed (ResourceNotFound for an unknown id), or the answer is not a task.</exception>
        public static async Task<BatchTaskAnswer> DescribeAsync(ConsoleClient client, string taskId, CancellationToken cancellationToken,
            Func<QianfanServiceException, bool>? takenAsDone = null)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            var call = ConsoleCall.ForTask(ServiceProtocol.Actions.DescribeBatchInferenceTask, taskId);
            if (takenAsDone != null) call.TakingAsDone(takenAsDone);
            var answer = await client.SendAsync(call, cancellationToken).ConfigureAwait(false);
            try
            {
                return new BatchTaskAnswer(new[] { BatchTask.FromJson(answer.Result) }, answer);
            }
            catch (FormatException problem)
            {
                throw BatchTaskAnswer.NotUnderstood(ServiceProtocol.Actions.DescribeBatchInferenceTask, answer, "the result is not a task: " + problem.Message);
            }
        }

        /// <summary>Describes one id and says how it ended; a failure of that id is part of the outcome, never thrown.</summary>
        public static async Task<DescribeOutcome> DescribeOutcomeAsync(ConsoleClient client, string taskId, CancellationToken cancellationToken)
        {
            try
            {
                return DescribeOutcome.Found(taskId, await DescribeAsync(client, taskId, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception failure) when (!(failure is OperationCanceledException))
            {
                return DescribeOutcome.Failed(taskId, failure);
            }
        }
    }
}
