using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Errors;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Runs.Gate;

namespace Qianfan.Tasks
{
    /// <summary>
    /// Stops or deletes one task by id and says how it ended; never throws for a failure
    /// of that id. Optionally takes a goal that already holds as done (-IgnoreAlreadyDone), and waits
    /// for a stopped task to end (Stop -Wait).
    /// </summary>
    internal sealed class BatchTaskExecutor
    {
        /// <summary>The module's own error code, not the service's: the service answered result false instead of true.</summary>
        public const string ResultFalse = "ResultFalse";

        private readonly ConsoleClient _client;
        private readonly bool _ignoreAlreadyDone;
        private readonly BatchTaskWaiter? _waiter;

        /// <param name="client">Sends the requests.</param>
        /// <param name="ignoreAlreadyDone">A stop of a task that is not running, or a delete of one that does not exist, is AlreadyDone rather than a failure.</param>
        /// <param name="waiter">For Stop: waits after each stop the service accepted.</param>
        public BatchTaskExecutor(ConsoleClient client, bool ignoreAlreadyDone = false, BatchTaskWaiter? waiter = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _ignoreAlreadyDone = ignoreAlreadyDone;
            _waiter = waiter;
        }

        public async Task<BatchTaskOutcome> ExecuteAsync(string taskId, BatchTaskAction action, CancellationToken cancellationToken)
        {
            var watch = ClockWatch.StartNew(_client.Options.Time);
            var outcome = await ActAsync(taskId, action, watch, cancellationToken).ConfigureAwait(false);
            if (_waiter == null || action != BatchTaskAction.Stop || !outcome.Succeeded || outcome.Status == BatchTaskActionStatus.AlreadyDone)
                return outcome;
            var stopped = await _waiter.WaitAsync(taskId, cancellationToken).ConfigureAwait(false);
            return outcome.ThenWaited(stopped, _waiter.Goal, _waiter.Timeout, watch.Elapsed);
        }

        private async Task<BatchTaskOutcome> ActAsync(string taskId, BatchTaskAction action, ClockWatch watch, CancellationToken cancellationToken)
        {
            try
            {
                var call = ConsoleCall.ForTask(action.ConsoleAction(), taskId)
                    .TakingAsDone(failure => AlreadyDoneByEarlierAttempt(failure, action) || (_ignoreAlreadyDone && MayBeAlreadyDone(failure, action)));
                var answer = await _client.SendAsync(call, cancellationToken).ConfigureAwait(false);
                if (answer.Result.ValueKind == JsonValueKind.True)
                    return BatchTaskOutcome.Success(taskId, action, answer.RequestId, answer.Attempts, watch.Elapsed);

                var refusal = new QianfanServiceException(FailureKind.Service, action.ConsoleAction(), answer.HttpStatus,
                    BatchTaskExecutor.ResultFalse, "the service answered result " + Describe(answer.Result) + " instead of true", answer.RequestId)
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
            catch (QianfanServiceException failure) when (_ignoreAlreadyDone && MayBeAlreadyDone(failure, action))
            {
                return await AlreadyDoneOrFailedAsync(taskId, action, failure, watch, cancellationToken).ConfigureAwait(false);
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
                ? failure.ErrorCode == ServiceProtocol.ErrorCodes.ResourceNotFound
                : failure.ErrorCode == ServiceProtocol.ErrorCodes.InvalidTaskStatus;
        }

        // Not found means the goal holds for both (a task that does not exist is not running either);
        // a refused stop only might: the task's status is checked before saying so.
        private static bool MayBeAlreadyDone(QianfanServiceException failure, BatchTaskAction action) =>
            failure.Kind == FailureKind.Service &&
            (failure.ErrorCode == ServiceProtocol.ErrorCodes.ResourceNotFound ||
             action == BatchTaskAction.Stop && failure.ErrorCode == ServiceProtocol.ErrorCodes.InvalidTaskStatus);

        public const string NotFoundDetail = "no task has this id: it was deleted already, or the id is mistyped";

        private async Task<BatchTaskOutcome> AlreadyDoneOrFailedAsync(string taskId, BatchTaskAction action, QianfanServiceException failure,
            ClockWatch watch, CancellationToken cancellationToken)
        {
            if (failure.ErrorCode == ServiceProtocol.ErrorCodes.ResourceNotFound)
                return BatchTaskOutcome.AlreadyDone(taskId, action, failure.RequestId, failure.Attempts, watch.Elapsed, null, NotFoundDetail);

            // InvalidTaskStatus on stop is taken for "not running" only once a describe shows the task has ended.
            try
            {
                var described = await BatchTaskReader.DescribeAsync(_client, taskId, cancellationToken, takenAsDone: IsNotFound).ConfigureAwait(false);
                var attempts = failure.Attempts.Concat(described.Answer.Attempts).ToArray();
                var status = described.Tasks[0].RunStatus;
                if (new TaskWaitGoal().Judge(status) == TaskWaitVerdict.Reached)
                    return BatchTaskOutcome.AlreadyDone(taskId, action, failure.RequestId, attempts, watch.Elapsed, status,
                        $"the task is {status}, not running");
                return BatchTaskOutcome.Failed(taskId, action, failure, watch.Elapsed, attempts);
            }
            catch (QianfanServiceException gone) when (IsNotFound(gone))
            {
                return BatchTaskOutcome.AlreadyDone(taskId, action, failure.RequestId, failure.Attempts.Concat(gone.Attempts).ToArray(),
                    watch.Elapsed, null, NotFoundDetail);
            }
            catch (Exception unconfirmed) when (!(unconfirmed is OperationCanceledException))
            {
                // Not confirmed (the describe failed, or the run stopped sending): the stop's own refusal stands.
                return BatchTaskOutcome.Failed(taskId, action, failure, watch.Elapsed);
            }
        }

        private static bool IsNotFound(QianfanServiceException failure) => failure.ErrorCode == ServiceProtocol.ErrorCodes.ResourceNotFound;

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
