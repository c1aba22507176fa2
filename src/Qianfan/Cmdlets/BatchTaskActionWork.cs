using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>The work of Stop- and Remove-QianfanBatchTask: one action per id, carried out by a <see cref="BatchTaskExecutor"/>, and a result object for each success.</summary>
    internal sealed class BatchTaskActionWork : ITaskIdWork<BatchTaskOutcome>
    {
        private readonly BatchTaskExecutor _executor;
        private readonly BatchTaskAction _action;
        private readonly bool _resultsMayHaveRunStatus;

        /// <param name="actionDescription">The words of the progress bar and the ShouldProcess prompt, e.g. "Stop batch inference task".</param>
        /// <param name="resultsMayHaveRunStatus">True where a result can carry a RunStatus (Stop with -Wait or -IgnoreAlreadyDone).</param>
        public BatchTaskActionWork(BatchTaskExecutor executor, BatchTaskAction action, string actionDescription, bool resultsMayHaveRunStatus)
        {
            _executor = executor;
            _action = action;
            _resultsMayHaveRunStatus = resultsMayHaveRunStatus;
            Wording = new TaskIdRunWording(actionDescription, actionDescription + "s", "acted on");
        }

        public TaskIdRunWording Wording { get; }

        public bool ReportsProgress => true;

        public Task<BatchTaskOutcome> SendAsync(string taskId, CancellationToken cancellationToken) =>
            _executor.ExecuteAsync(taskId, _action, cancellationToken);

        public void WriteSucceeded(BatchTaskOutcome outcome, IRunHost host)
        {
            if (outcome.Detail != null && host.VerboseEnabled) host.WriteVerbose($"{_action} of task '{outcome.TaskId}': {outcome.Status}, {outcome.Detail}.");
            host.WriteObject(ResultFor(outcome));
        }

        public ErrorRecord ErrorFor(BatchTaskOutcome outcome, string command) =>
            outcome.FailedWhileWaiting
                ? WaitErrorRecords.AfterStop(outcome, command)
                // Every failed outcome carries its failure.
                : ErrorRecordFactory.ForFailure(outcome.Failure!, outcome.TaskId, $"{_action} of task '{outcome.TaskId}' failed", command, outcome.TaskId);

        private object ResultFor(BatchTaskOutcome outcome)
        {
            var result = BatchTaskActionResult.From(outcome);
            if (!_resultsMayHaveRunStatus) return result;
            // The type name picks the table view with a RunStatus column; without it the column would always be empty.
            var shown = PSObject.AsPSObject(result);
            shown.TypeNames.Insert(0, BatchTaskActionResult.WithRunStatusTypeName);
            return shown;
        }
    }
}
