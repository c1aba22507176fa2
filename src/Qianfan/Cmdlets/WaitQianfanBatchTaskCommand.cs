using System.Management.Automation;
using Qianfan.Protocol;
using Qianfan.Runs;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Wait-QianfanBatchTask: waits until each task has ended (or ended in one of -Status), polling
    /// DescribeBatchInferenceTask (<see cref="BatchTaskWaiter"/>), and writes the tasks in input order.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "QianfanBatchTask")]
    [OutputType(typeof(BatchTask))]
    public sealed class WaitQianfanBatchTaskCommand : TaskIdRunCommand
    {
        /// <summary>Only these ended statuses end the wait well; a task that ends in another is an error at once.</summary>
        [Parameter]
        [ValidateSet(ServiceProtocol.RunStatuses.Done, ServiceProtocol.RunStatuses.Stopped, ServiceProtocol.RunStatuses.Failed, ServiceProtocol.RunStatuses.Expired, IgnoreCase = true)]
        public string[]? Status { get; set; }

        /// <summary>The most seconds the whole command waits, from its start; -1 (default) for no limit.</summary>
        [Parameter]
        [ValidateRange(-1, MaxTimeoutSeconds)]
        public int Timeout { get; set; } = -1;

        // Waiting changes nothing, so there is nothing to confirm.
        private protected override ITaskIdRun ComposeRun() =>
            CmdletRunHost.RunFor(this, gate => new BatchTaskWaitWork(CreateWaiter(CreateClient(gate), gate, new TaskWaitGoal(Status), Timeout)), _ => true, ThrottleLimit);
    }
}
