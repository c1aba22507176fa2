using System;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;

namespace Qianfan.Batch
{
    /// <summary>Stops or deletes one task by id and says how it ended; never throws for a failure of that id.</summary>
    public sealed class BatchTaskExecutor
    {
        private readonly ConsoleClient _client;

        public BatchTaskExecutor(ConsoleClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        public async Task<BatchTaskOutcome> ExecuteAsync(string taskId, BatchTaskAction action, CancellationToken cancellationToken)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var answer = await _client.SendAsync(ConsoleCall.ForTask(action.ConsoleAction(), taskId), cancellationToken).ConfigureAwait(false);
                if (answer.Result.ValueKind == JsonValueKind.True)
                    return BatchTaskOutcome.Success(taskId, action, answer.RequestId, answer.Attempts, watch.Elapsed);

                var refusal = new QianfanServiceException(FailureKind.Service, action.ConsoleAction(), answer.HttpStatus,
                    ServiceErrorCodes.ResultFalse, "the service answered result " + Describe(answer.Result) + " instead of true", answer.RequestId)
                {
                    Attempts = answer.Attempts,
                };
                return BatchTaskOutcome.Failed(taskId, action, refusal, watch.Elapsed);
            }
            catch (RunHaltedException halted)
            {
                return BatchTaskOutcome.Unattempted(taskId, action, halted);
            }
            catch (QianfanServiceException failure) when (AlreadyDoneByEarlierAttempt(failure, action))
            {
                var warning = $"{action} of task '{taskId}': an earlier attempt got no answer ({Describe(failure)}), and the retry found " +
                              (action == BatchTaskAction.Delete ? "the task gone" : "the task no longer running") +
                              ", so the earlier attempt is taken to have done it.";
                return BatchTaskOutcome.Success(taskId, action, failure.RequestId, failure.Attempts, watch.Elapsed, warning);
            }
            catch (QianfanServiceException failure)
            {
                return BatchTaskOutcome.Failed(taskId, action, failure, watch.Elapsed);
            }
            catch (Exception unexpected) when (!(unexpected is OperationCanceledException))
            {
                // Whatever went wrong belongs to this id alone: it must not end the run for the others.
                var failure = new QianfanServiceException(FailureKind.Local, action.ConsoleAction(), null, null, null, null,
                    "an unexpected " + unexpected.GetType().Name + " occurred: " + unexpected.Message, unexpected);
                return BatchTaskOutcome.Failed(taskId, action, failure, watch.Elapsed);
            }
        }

        /// <summary>
        /// After an attempt that may have been carried out, "not found" on delete (or "not running"
        /// on stop) most likely means that attempt did the work; reporting it failed would be wrong.
        /// </summary>
        private static bool AlreadyDoneByEarlierAttempt(QianfanServiceException failure, BatchTaskAction action)
        {
            if (!failure.EarlierAttemptMayHaveReachedService || failure.Kind != FailureKind.Service) return false;
            return action == BatchTaskAction.Delete
                ? failure.ErrorCode == ServiceErrorCodes.ResourceNotFound
                : failure.ErrorCode == ServiceErrorCodes.InvalidTaskStatus;
        }

        private static string Describe(QianfanServiceException failure)
        {
            foreach (var attempt in failure.Attempts)
                if (attempt.HttpStatus == null) return attempt.Outcome;
            return "no answer";
        }

        private static string Describe(JsonElement result) =>
            result.ValueKind == JsonValueKind.Undefined ? "(none)" : ServiceText.Message(result.GetRawText());
    }
}
