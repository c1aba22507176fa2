using System.Collections.Generic;
using Qianfan.Client;
using Qianfan.Runs;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// An id the run decided about without sending it: refused as not a valid id, or not attempted
    /// because the run had stopped sending. It still takes its place in the output order.
    /// </summary>
    internal sealed class UnsentTaskId : ITaskIdOutcome
    {
        private static readonly AttemptRecord[] NoAttempts = System.Array.Empty<AttemptRecord>();

        private UnsentTaskId(string taskId, string? invalidReason)
        {
            TaskId = taskId;
            InvalidReason = invalidReason;
        }

        public string TaskId { get; }

        /// <summary>Why the id is not a valid one; null for a valid id the run did not send.</summary>
        public string? InvalidReason { get; }

        public bool Succeeded => false;
        public bool NotAttempted => InvalidReason == null;
        public IReadOnlyList<AttemptRecord> Attempts => NoAttempts;
        public string? Warning => null;

        public static UnsentTaskId Invalid(string taskId, string reason) => new UnsentTaskId(taskId, reason);

        public static UnsentTaskId AfterHalt(string taskId) => new UnsentTaskId(taskId, null);
    }
}
