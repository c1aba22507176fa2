using System;
using System.Management.Automation;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>Stop-QianfanBatchTask: stops running batch inference tasks by id, and with -Wait waits until each has ended.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "QianfanBatchTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(BatchTaskActionResult))]
    public sealed class StopQianfanBatchTaskCommand : BatchTaskActionCommand
    {
        /// <summary>After each accepted stop, wait until the task has ended before writing its result.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: the most seconds the whole command waits, from its start; -1 (default) for no limit.</summary>
        [Parameter]
        [ValidateRange(-1, MaxTimeoutSeconds)]
        public int Timeout { get; set; } = -1;

        /// <summary>A task that is not running (or does not exist) is a result with Status AlreadyDone, not an error.</summary>
        [Parameter]
        public SwitchParameter IgnoreAlreadyDone { get; set; }

        private protected override BatchTaskAction Action => BatchTaskAction.Stop;

        private protected override string ActionDescription => "Stop batch inference task";

        private protected override bool ResultsMayHaveRunStatus => Wait || IgnoreAlreadyDone;

        private protected override bool ShouldSend(string taskId) => ShouldProcess(taskId, ActionDescription);

        protected override void BeginProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Timeout)) && !Wait)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Timeout applies only with -Wait: add -Wait, or leave out -Timeout."),
                    "TimeoutWithoutWait", ErrorCategory.InvalidArgument, null));
            base.BeginProcessing();
        }

        private protected override BatchTaskExecutor CreateExecutor(RequestGate gate)
        {
            var client = CreateClient(gate);
            return new BatchTaskExecutor(client, IgnoreAlreadyDone, Wait ? CreateWaiter(client, gate, new TaskWaitGoal(), Timeout) : null);
        }
    }
}
