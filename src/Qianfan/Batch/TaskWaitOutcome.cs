using System;
using System.Collections.Generic;
using Qianfan.Client;

namespace Qianfan.Batch
{
    public enum TaskWaitEnd
    {
        /// <summary>The task got where the wait wanted it.</summary>
        Reached,

        /// <summary>The task ended in a status other than those waited for.</summary>
        EndedOtherwise,

        /// <summary>The wait's time ran out while the task was still going.</summary>
        TimedOut,

        /// <summary>Describing the task failed (not found, denied, unreachable...).</summary>
        Failed,

        /// <summary>The run stopped sending (a run-wide failure, or -ErrorAction Stop) before the wait was over.</summary>
        Interrupted,
    }

    /// <summary>How waiting for one task ended, with the task as last seen.</summary>
    public sealed class TaskWaitOutcome
    {
        public TaskWaitOutcome(string taskId, TaskWaitEnd end, BatchTask lastSeen, int looks, IReadOnlyList<AttemptRecord> attempts, Exception failure = null)
        {
            TaskId = taskId;
            End = end;
            LastSeen = lastSeen;
            Looks = looks;
            Attempts = attempts ?? new AttemptRecord[0];
            Failure = failure;
        }

        public string TaskId { get; }
        public TaskWaitEnd End { get; }

        /// <summary>The task as the last successful look described it; null when none succeeded.</summary>
        public BatchTask LastSeen { get; }

        /// <summary>How many times the task was described successfully.</summary>
        public int Looks { get; }

        /// <summary>Every HTTP attempt of every look, in order.</summary>
        public IReadOnlyList<AttemptRecord> Attempts { get; }

        /// <summary>Why a look failed (Failed), or why the run stopped when that is known (Interrupted).</summary>
        public Exception Failure { get; }
    }
}
