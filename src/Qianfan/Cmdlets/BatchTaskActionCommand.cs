using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Runs;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// What Stop-, Remove- and Wait-QianfanBatchTask add to a run over ids: one <see cref="BatchTaskAction"/>
    /// per id, carried out by a <see cref="BatchTaskExecutor"/>, and a result object for each success.
    /// </summary>
    public abstract class BatchTaskActionCommand : TaskIdRunCommand
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected BatchTaskActionCommand() { }

        /// <summary>The most -Timeout of a wait (Wait-QianfanBatchTask, Stop -Wait): a week, long enough for any wait, short enough that the deadline stays a valid time.</summary>
        internal const int MaxTimeoutSeconds = 7 * 24 * 3600;

        private TaskIdRunWording? _wording;

        private protected abstract BatchTaskAction Action { get; }

        /// <summary>The words of the progress bar and the ShouldProcess prompt, e.g. "Stop batch inference task".</summary>
        private protected abstract string ActionDescription { get; }

        /// <summary>What carries out each id; the cmdlet's switches (-IgnoreAlreadyDone, -Wait) decide how.</summary>
        private protected virtual BatchTaskExecutor CreateExecutor(ConsoleClient client) => new BatchTaskExecutor(client);

        /// <summary>What a successful id writes: a <see cref="BatchTaskActionResult"/>.</summary>
        private protected virtual object ResultFor(BatchTaskOutcome outcome)
        {
            var result = BatchTaskActionResult.From(outcome);
            if (!ResultsMayHaveRunStatus) return result;
            // The type name picks the table view with a RunStatus column; without it the column would always be empty.
            var shown = PSObject.AsPSObject(result);
            shown.TypeNames.Insert(0, BatchTaskActionResult.WithRunStatusTypeName);
            return shown;
        }

        /// <summary>True where a result can carry a RunStatus (Stop with -Wait or -IgnoreAlreadyDone).</summary>
        private protected virtual bool ResultsMayHaveRunStatus => false;

        /// <summary>
        /// A waiter for this run: one deadline, <paramref name="timeoutSeconds"/> (-1 for none) from now, for
        /// every id, and pauses that end as soon as the run stops sending. Call from <see cref="CreateExecutor"/>.
        /// </summary>
        private protected BatchTaskWaiter CreateWaiter(ConsoleClient client, TaskWaitGoal goal, int timeoutSeconds) =>
            BatchTaskWaiter.ForClient(client, goal, timeoutSeconds < 0 ? (TimeSpan?)null : TimeSpan.FromSeconds(timeoutSeconds), Gate.HaltToken);

        private protected override TaskIdRunWording Wording =>
            _wording ?? (_wording = new TaskIdRunWording(ActionDescription, ActionDescription + "s", "acted on"));

        private protected override Func<string, CancellationToken, Task<ITaskIdOutcome>> SenderFor(ConsoleClient client)
        {
            var executor = CreateExecutor(client);
            var action = Action;
            return async (taskId, token) => await executor.ExecuteAsync(taskId, action, token).ConfigureAwait(false);
        }

        private protected override void WriteSucceeded(ITaskIdOutcome outcome)
        {
            var acted = (BatchTaskOutcome)outcome;
            if (acted.Detail != null && VerboseEnabled) WriteVerbose($"{Action} of task '{acted.TaskId}': {acted.Status}, {acted.Detail}.");
            WriteObject(ResultFor(acted));
        }

        private protected override ErrorRecord ErrorFor(ITaskIdOutcome outcome)
        {
            var failed = (BatchTaskOutcome)outcome;
            if (failed.FailedWhileWaiting || failed.Action == BatchTaskAction.Wait)
                return WaitErrorRecords.For(failed, MyInvocation.MyCommand.Name);
            // ErrorFor is asked only about failed outcomes, and every failed one carries its failure.
            return ErrorRecordFactory.ForFailure(failed.Failure!, failed.TaskId,
                $"{Action} of task '{failed.TaskId}' failed", MyInvocation.MyCommand.Name, failed.TaskId);
        }
    }
}
