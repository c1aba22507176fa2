using System;
using System.Management.Automation;
using Qianfan.Client;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Wait-QianfanBatchTask: waits until each task has ended (or ended in one of -Status), polling
    /// DescribeBatchInferenceTask (<see cref="BatchTaskWaiter"/>), and writes the tasks in input order.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "QianfanBatchTask")]
    [OutputType(typeof(BatchTask))]
    public sealed class WaitQianfanBatchTaskCommand : BatchTaskActionCommand
    {
        /// <summary>Only these ended statuses end the wait well; a task that ends in another is an error at once.</summary>
        [Parameter]
        [ValidateSet(ServiceProtocol.RunStatuses.Done, ServiceProtocol.RunStatuses.Stopped, ServiceProtocol.RunStatuses.Failed, ServiceProtocol.RunStatuses.Expired, IgnoreCase = true)]
        public string[]? Status { get; set; }

        /// <summary>The most seconds the whole command waits, from its start; -1 (default) for no limit.</summary>
        [Parameter]
        [ValidateRange(-1, MaxTimeoutSeconds)]
        public int Timeout { get; set; } = -1;

        private protected override BatchTaskAction Action => BatchTaskAction.Wait;

        private protected override string ActionDescription => "Wait for batch inference task";

        // Waiting changes nothing, so there is nothing to confirm.
        private protected override bool ShouldSend(string taskId) => true;

        private protected override BatchTaskExecutor CreateExecutor(ConsoleClient client) =>
            new BatchTaskExecutor(client, waiter: CreateWaiter(client, new TaskWaitGoal(Status), Timeout));

        // A wait succeeds only once a look has described the task, so a succeeded outcome carries it.
        private protected override object ResultFor(BatchTaskOutcome outcome) => outcome.Task!.ToPSObject();
    }
}
