using System;
using System.Collections.Generic;
using System.Linq;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Runs;

namespace Qianfan.Tasks
{
    /// <summary>How one id ended: acted on (with the service's request id) or failed (with why).</summary>
    internal sealed class BatchTaskOutcome : ITaskIdOutcome
    {
        private BatchTaskOutcome(string taskId, BatchTaskAction action)
        {
            TaskId = taskId;
            Action = action;
        }

        public string TaskId { get; }
        public BatchTaskAction Action { get; }
        public bool Succeeded { get; private set; }

        /// <summary>For a success: done now, or nothing needed (-IgnoreAlreadyDone).</summary>
        public BatchTaskActionStatus Status { get; private set; }

        /// <summary>True when the run stopped sending before this id's first attempt: nothing was asked of the service.</summary>
        public bool NotAttempted { get; private set; }
        public string? RequestId { get; private set; }

        /// <summary>Why the id failed, or why it was not attempted; null for a success.</summary>
        public Exception? Failure { get; private set; }

        /// <summary>True when the action itself was carried out and only the wait after it failed.</summary>
        public bool FailedWhileWaiting { get; private set; }

        /// <summary>Something the user should know about a success (a retry that found the work already done).</summary>
        public string? Warning { get; private set; }

        /// <summary>The task's run status when it is known (after a wait, or when found already done).</summary>
        public string? RunStatus { get; private set; }

        /// <summary>Why no action was needed (AlreadyDone).</summary>
        public string? Detail { get; private set; }

        /// <summary>The task as last described (a wait's result).</summary>
        public BatchTask? Task { get; private set; }

        /// <summary>Every HTTP attempt made for this id, in order: the action's, and any describe's.</summary>
        public IReadOnlyList<AttemptRecord> Attempts { get; private set; } = Array.Empty<AttemptRecord>();
        public TimeSpan Elapsed { get; private set; }
        /// <summary>Attempts beyond the first of each request (a describe or a look of a wait is a request of its own).</summary>
        public int Retries => Attempts.Count(a => a.Attempt > 1);

        public static BatchTaskOutcome Success(string taskId, BatchTaskAction action, string? requestId,
            IReadOnlyList<AttemptRecord>? attempts, TimeSpan elapsed, string? warning = null) =>
            new BatchTaskOutcome(taskId, action)
            {
                Succeeded = true, RequestId = requestId, Attempts = attempts ?? Array.Empty<AttemptRecord>(), Elapsed = elapsed, Warning = warning,
            };

        /// <summary>Nothing was needed: the goal already held (-IgnoreAlreadyDone); <paramref name="detail"/> says how it was known.</summary>
        public static BatchTaskOutcome AlreadyDone(string taskId, BatchTaskAction action, string? requestId,
            IReadOnlyList<AttemptRecord>? attempts, TimeSpan elapsed, string? runStatus, string detail) =>
            new BatchTaskOutcome(taskId, action)
            {
                Succeeded = true, Status = BatchTaskActionStatus.AlreadyDone, RequestId = requestId,
                Attempts = attempts ?? Array.Empty<AttemptRecord>(), Elapsed = elapsed, RunStatus = runStatus, Detail = detail,
            };

        public static BatchTaskOutcome Unattempted(string taskId, BatchTaskAction action, RunHaltedException reason) =>
            new BatchTaskOutcome(taskId, action) { NotAttempted = true, Failure = reason };

        public static BatchTaskOutcome Failed(string taskId, BatchTaskAction action, Exception failure, TimeSpan elapsed,
            IReadOnlyList<AttemptRecord>? attempts = null)
        {
            var service = failure as QianfanServiceException;
            return new BatchTaskOutcome(taskId, action)
            {
                Succeeded = false,
                Failure = failure,
                RequestId = service?.RequestId,
                Attempts = attempts ?? service?.Attempts ?? Array.Empty<AttemptRecord>(),
                Elapsed = elapsed,
            };
        }

        /// <summary>This (successful) action followed by a wait: itself with the status reached, or a failure of the wait.</summary>
        public BatchTaskOutcome ThenWaited(TaskWaitOutcome wait, TaskWaitGoal goal, TimeSpan? timeout, TimeSpan elapsed)
        {
            var attempts = Attempts.Concat(wait.Attempts).ToArray();
            if (wait.End == TaskWaitEnd.Reached)
            {
                return new BatchTaskOutcome(TaskId, Action)
                {
                    Succeeded = true, Status = Status, RequestId = RequestId, Warning = Warning, Attempts = attempts, Elapsed = elapsed,
                    RunStatus = wait.LastSeen?.RunStatus, Task = wait.LastSeen,
                };
            }
            var failure = wait.End == TaskWaitEnd.Failed ? wait.Failure : TaskWaitException.For(wait, goal, timeout);
            return new BatchTaskOutcome(TaskId, Action)
            {
                Succeeded = false, FailedWhileWaiting = true, Failure = failure, RequestId = RequestId, Warning = Warning,
                Attempts = attempts, Elapsed = elapsed, RunStatus = wait.LastSeen?.RunStatus,
            };
        }
    }
}
