using System;
using System.Collections.Generic;
using Qianfan.Client.Http;

namespace Qianfan.Tasks
{
    internal enum TaskWaitEnd
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
    /// <param name="LastSeen">The task as the last successful look described it; null when none succeeded.</param>
    /// <param name="Looks">How many times the task was described successfully.</param>
    /// <param name="Failure">Why a look failed (Failed), or why the run stopped when that is known (Interrupted).</param>
    internal sealed record TaskWaitOutcome(string TaskId, TaskWaitEnd End, BatchTask? LastSeen, int Looks, IReadOnlyList<AttemptRecord>? Attempts, Exception? Failure = null)
    {
        /// <summary>Every HTTP attempt of every look, in order.</summary>
        public IReadOnlyList<AttemptRecord> Attempts { get; } = Attempts ?? Array.Empty<AttemptRecord>();
    }
}
