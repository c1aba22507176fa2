using System;
using System.Collections.Generic;
using Qianfan.Client.Http;
using Qianfan.Runs;

namespace Qianfan.Tasks
{
    /// <summary>
    /// How waiting for one id ended (Wait-QianfanBatchTask): the task once it got there, the failure
    /// otherwise, or not attempted when the run stopped sending first, as a wait can simply be run again.
    /// </summary>
    internal sealed class WaitOutcome : ITaskIdOutcome
    {
        private WaitOutcome(string taskId, IReadOnlyList<AttemptRecord> attempts)
        {
            TaskId = taskId;
            Attempts = attempts;
        }

        public string TaskId { get; }

        /// <summary>The task as the look that found it there described it; null unless the wait succeeded.</summary>
        public BatchTask? Task { get; private set; }

        /// <summary>Why the wait failed; null for a success and for an id not attempted.</summary>
        public Exception? Failure { get; private set; }

        public bool Succeeded => Task != null;
        public bool NotAttempted { get; private set; }

        /// <summary>Every HTTP attempt of every look, in order.</summary>
        public IReadOnlyList<AttemptRecord> Attempts { get; }

        string? ITaskIdOutcome.Warning => null;

        public static WaitOutcome Of(TaskWaitOutcome wait, TaskWaitGoal goal, TimeSpan? timeout)
        {
            var outcome = new WaitOutcome(wait.TaskId, wait.Attempts);
            switch (wait.End)
            {
                // A wait reaches its goal only once a look has described the task.
                case TaskWaitEnd.Reached:
                    outcome.Task = wait.LastSeen!;
                    break;
                case TaskWaitEnd.Interrupted:
                    outcome.NotAttempted = true;
                    break;
                case TaskWaitEnd.Failed:
                    // A wait ends Failed only with the failure of its look (BatchTaskWaiter).
                    outcome.Failure = wait.Failure!;
                    break;
                default:
                    outcome.Failure = TaskWaitException.For(wait, goal, timeout);
                    break;
            }
            return outcome;
        }
    }
}
