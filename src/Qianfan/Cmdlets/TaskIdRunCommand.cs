using System;
using System.Management.Automation;
using Qianfan.Client.Http;
using Qianfan.Runs;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// The parameters and pipeline steps of Stop-, Remove- and Wait-QianfanBatchTask: -TaskId from the
    /// command line or the pipeline, and -ThrottleLimit. Each call composes one run over the ids
    /// (<see cref="TaskIdRun{TOutcome}"/>), which does the rest; a subclass says what the run does to each id.
    /// </summary>
    public abstract class TaskIdRunCommand : QianfanCommand
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected TaskIdRunCommand() { }

        internal const int DefaultThrottleLimit = 8;

        /// <summary>The most -Timeout of a wait (Wait-QianfanBatchTask, Stop -Wait): a week, long enough for any wait, short enough that the deadline stays a valid time.</summary>
        internal const int MaxTimeoutSeconds = 7 * 24 * 3600;

        private ITaskIdRun? _run;

        // Virtual as published; no cmdlet overrides it.
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "TaskIds")]
        [AllowNull]
        [AllowEmptyString]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        [TaskIdTransformation]
        public virtual string?[]? TaskId { get; set; }

        /// <summary>How many requests may be in flight at once (outcomes are still written in input order).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public virtual int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        /// <summary>The run of this call (see <see cref="CmdletRunHost.RunFor"/>).</summary>
        private protected abstract ITaskIdRun ComposeRun();

        /// <summary>
        /// A waiter for a run through <paramref name="gate"/>: one deadline, <paramref name="timeoutSeconds"/> (-1 for none) from now,
        /// for every id, and pauses that end as soon as the run stops sending. Call from <see cref="ComposeRun"/>.
        /// </summary>
        private protected static BatchTaskWaiter CreateWaiter(ConsoleClient client, RequestGate gate, TaskWaitGoal goal, int timeoutSeconds) =>
            BatchTaskWaiter.ForClient(client, goal, timeoutSeconds < 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(timeoutSeconds), gate.HaltToken);

        /// <summary>The run BeginProcessing composed.</summary>
        private ITaskIdRun Run => _run ?? throw new InvalidOperationException("The run over task ids has not begun, or has been disposed.");

        protected override void BeginProcessing() => _run = ComposeRun();

        protected override void ProcessRecord()
        {
            if (TaskId != null) Run.Take(TaskId);
        }

        protected override void EndProcessing() => Run.End();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _run?.Dispose();
                _run = null;
            }
            base.Dispose(disposing);
        }
    }
}
