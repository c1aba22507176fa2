using System;
using Qianfan.Client;

namespace Qianfan.Batch
{
    /// <summary>How describing one id ended: the task, a failure of the call, or an id refused before any request.</summary>
    internal sealed class DescribeOutcome
    {
        private DescribeOutcome(string taskId) => TaskId = taskId;

        public string TaskId { get; }
        public BatchTaskAnswer Answer { get; private set; }
        public Exception Failure { get; private set; }

        /// <summary>Why the id was not sent at all; null for an id that was.</summary>
        public string InvalidReason { get; private set; }

        public static DescribeOutcome Found(string taskId, BatchTaskAnswer answer) => new DescribeOutcome(taskId) { Answer = answer };

        public static DescribeOutcome Failed(string taskId, Exception failure) => new DescribeOutcome(taskId) { Failure = failure };

        /// <summary>True when the run stopped sending before this id's first attempt.</summary>
        public bool NotAttempted => Failure is RunHaltedException;

        public static DescribeOutcome Invalid(string taskId, string reason) => new DescribeOutcome(taskId) { InvalidReason = reason };
    }
}
