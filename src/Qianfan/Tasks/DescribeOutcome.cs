using System;
using System.Collections.Generic;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Runs;
using Qianfan.Runs.Gate;

namespace Qianfan.Tasks
{
    /// <summary>How describing one id ended: the task, or a failure of the call.</summary>
    internal sealed class DescribeOutcome : ITaskIdOutcome
    {
        private static readonly AttemptRecord[] NoAttempts = Array.Empty<AttemptRecord>();

        private DescribeOutcome(string taskId) => TaskId = taskId;

        public string TaskId { get; }
        /// <summary>The answer of a successful describe; null for a failed one.</summary>
        public BatchTaskAnswer? Answer { get; private set; }

        /// <summary>Why the describe failed; null for a success.</summary>
        public Exception? Failure { get; private set; }

        public bool Succeeded => Answer != null;

        /// <summary>True when the run stopped sending before this id's first attempt.</summary>
        public bool NotAttempted => Failure is RunHaltedException;

        /// <summary>The describe's attempts: those of the answer, or of the failure when the service was reached.</summary>
        public IReadOnlyList<AttemptRecord> Attempts => Answer?.Answer.Attempts ?? (Failure as QianfanServiceException)?.Attempts ?? NoAttempts;

        string? ITaskIdOutcome.Warning => null;

        public static DescribeOutcome Found(string taskId, BatchTaskAnswer answer) => new DescribeOutcome(taskId) { Answer = answer };

        public static DescribeOutcome Failed(string taskId, Exception failure) => new DescribeOutcome(taskId) { Failure = failure };
    }
}
