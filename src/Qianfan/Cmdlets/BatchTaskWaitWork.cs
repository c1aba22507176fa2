using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>The work of Wait-QianfanBatchTask: a wait per id (<see cref="BatchTaskWaiter"/>), and the task as last seen for each that got there.</summary>
    internal sealed class BatchTaskWaitWork : ITaskIdWork<WaitOutcome>
    {
        private const string WaitDescription = "Wait for batch inference task";
        private readonly BatchTaskWaiter _waiter;

        public BatchTaskWaitWork(BatchTaskWaiter waiter) => _waiter = waiter;

        public TaskIdRunWording Wording { get; } = new TaskIdRunWording(WaitDescription, WaitDescription + "s", "acted on");

        public bool ReportsProgress => true;

        public async Task<WaitOutcome> SendAsync(string taskId, CancellationToken cancellationToken) =>
            WaitOutcome.Of(await _waiter.WaitAsync(taskId, cancellationToken).ConfigureAwait(false), _waiter.Goal, _waiter.Timeout);

        // A wait succeeds only once a look has described the task, so a succeeded outcome carries it.
        public void WriteSucceeded(WaitOutcome outcome, IRunHost host) => host.WriteObject(outcome.Task!.ToPSObject());

        public ErrorRecord ErrorFor(WaitOutcome outcome, string command) => WaitErrorRecords.Of(outcome, command);
    }
}
