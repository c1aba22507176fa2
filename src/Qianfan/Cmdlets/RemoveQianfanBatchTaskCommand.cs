using System.Management.Automation;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>Remove-QianfanBatchTask: deletes batch inference tasks by id (a running task must be stopped first).</summary>
    [Cmdlet(VerbsCommon.Remove, "QianfanBatchTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(BatchTaskActionResult))]
    public sealed class RemoveQianfanBatchTaskCommand : BatchTaskActionCommand
    {
        private bool? _whatIf;
        private bool? _confirmAsked;

        /// <summary>Deletes without asking for confirmation (-WhatIf and an explicit -Confirm still win).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>A task that does not exist is a result with Status AlreadyDone, not an error.</summary>
        [Parameter]
        public SwitchParameter IgnoreAlreadyDone { get; set; }

        private protected override BatchTaskAction Action => BatchTaskAction.Delete;

        private protected override string ActionDescription => "Delete batch inference task";

        private protected override BatchTaskExecutor CreateExecutor(RequestGate gate) => new BatchTaskExecutor(CreateClient(gate), IgnoreAlreadyDone);

        // -WhatIf always wins, then an explicit -Confirm (as in Az); otherwise -Force skips the prompt and
        // ShouldProcess decides the rest (its "Yes to All" / "No to All" answers hold for the whole run).
        private protected override bool ShouldSend(string taskId)
        {
            _whatIf = _whatIf ?? WhatIfRequested();
            _confirmAsked = _confirmAsked ?? ConfirmRequested();
            if (Force && !_whatIf.Value && !_confirmAsked.Value) return true;
            return ShouldProcess(taskId, ActionDescription);
        }

        private bool ConfirmRequested() =>
            MyInvocation.BoundParameters.TryGetValue("Confirm", out var bound) && bound is SwitchParameter flag && flag.IsPresent;
    }
}
