using System;
using System.Collections.Generic;
using Qianfan.Client;

namespace Qianfan.Batch
{
    /// <summary>How one id ended: acted on (with the service's request id) or failed (with why).</summary>
    public sealed class BatchTaskOutcome
    {
        private BatchTaskOutcome(string taskId, BatchTaskAction action)
        {
            TaskId = taskId;
            Action = action;
        }

        public string TaskId { get; }
        public BatchTaskAction Action { get; }
        public bool Succeeded { get; private set; }

        /// <summary>True when the run stopped sending before this id's first attempt: nothing was asked of the service.</summary>
        public bool NotAttempted { get; private set; }
        public string RequestId { get; private set; }
        public Exception Failure { get; private set; }

        /// <summary>Something the user should know about a success (a retry that found the work already done).</summary>
        public string Warning { get; private set; }

        public IReadOnlyList<AttemptRecord> Attempts { get; private set; } = new AttemptRecord[0];
        public TimeSpan Elapsed { get; private set; }
        public int Retries => Math.Max(0, Attempts.Count - 1);

        public static BatchTaskOutcome Success(string taskId, BatchTaskAction action, string requestId,
            IReadOnlyList<AttemptRecord> attempts, TimeSpan elapsed, string warning = null) =>
            new BatchTaskOutcome(taskId, action)
            {
                Succeeded = true, RequestId = requestId, Attempts = attempts ?? new AttemptRecord[0], Elapsed = elapsed, Warning = warning,
            };

        public static BatchTaskOutcome Unattempted(string taskId, BatchTaskAction action, RunHaltedException reason) =>
            new BatchTaskOutcome(taskId, action) { NotAttempted = true, Failure = reason };

        public static BatchTaskOutcome Failed(string taskId, BatchTaskAction action, Exception failure, TimeSpan elapsed)
        {
            var service = failure as QianfanServiceException;
            return new BatchTaskOutcome(taskId, action)
            {
                Succeeded = false,
                Failure = failure,
                RequestId = service?.RequestId,
                Attempts = service?.Attempts ?? new AttemptRecord[0],
                Elapsed = elapsed,
            };
        }
    }
}
