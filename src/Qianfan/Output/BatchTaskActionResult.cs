using System;
using System.Linq;
using Qianfan.Tasks;

// Public output types of Stop- and Remove-QianfanBatchTask, named for format views, [OutputType] and -is.
namespace Qianfan
{
    /// <summary>How an id's stop or delete ended, when it did not fail.</summary>
    public enum BatchTaskActionStatus
    {
        /// <summary>The service carried out the stop or delete (or, after an attempt whose answer was lost, the retry found it done).</summary>
        Done,

        /// <summary>With -IgnoreAlreadyDone: nothing was needed, the task was already not running (Stop) or did not exist (Remove).</summary>
        AlreadyDone,
    }

    /// <summary>
    /// One id's stop or delete that did not fail. Every property is text, a number, a TimeSpan or
    /// a bool, so that Export-Csv writes a readable audit row per id.
    /// </summary>
    public sealed class BatchTaskActionResult
    {
        private BatchTaskActionResult() { }

        /// <summary>
        /// The type name a result is shown under when its run can give it a RunStatus (Stop -Wait or
        /// -IgnoreAlreadyDone): its table view has the RunStatus column, which the plain view leaves out.
        /// </summary>
        internal const string WithRunStatusTypeName = "Qianfan.BatchTaskActionResult#WithRunStatus";

        public string TaskId { get; private set; } = string.Empty;

        /// <summary>Stop or Delete.</summary>
        public string Action { get; private set; } = string.Empty;

        public BatchTaskActionStatus Status { get; private set; }

        /// <summary>The task's run status when known: what it ended in after Stop -Wait, or what it was found in when already done; empty otherwise.</summary>
        public string? RunStatus { get; private set; }

        /// <summary>Always true: kept for scripts written when the result had only TaskId, Action, Result and RequestId.</summary>
        [SuppressMessage("Performance", "CA1822:Mark members as static",
            Justification = "An output property: PowerShell shows, formats and exports instance properties only.")]
        public bool Result => true;

        /// <summary>The service's id of the last request for the action (quote it to Baidu support).</summary>
        public string? RequestId { get; private set; }

        /// <summary>How many times the stop or delete request was sent: 1, plus the retries.</summary>
        public int Attempts { get; private set; }

        /// <summary>From the id's turn to its outcome, including any wait (-Wait), to the millisecond.</summary>
        public TimeSpan Elapsed { get; private set; }

        /// <summary>Why no action was needed (AlreadyDone); empty otherwise.</summary>
        public string? Detail { get; private set; }

        /// <summary>The task id, so that a result given where an id is expected means that id.</summary>
        public override string ToString() => TaskId ?? string.Empty;

        internal static BatchTaskActionResult From(BatchTaskOutcome outcome)
        {
            var consoleAction = outcome.Action.ConsoleAction();
            return new BatchTaskActionResult
            {
                TaskId = outcome.TaskId,
                Action = outcome.Action.ToString(),
                Status = outcome.Status,
                RunStatus = outcome.RunStatus,
                RequestId = outcome.RequestId,
                Attempts = outcome.Attempts.Count(a => a.Action == consoleAction),
                Elapsed = TimeSpan.FromMilliseconds(Math.Round(outcome.Elapsed.TotalMilliseconds)),
                Detail = outcome.Detail,
            };
        }
    }
}
