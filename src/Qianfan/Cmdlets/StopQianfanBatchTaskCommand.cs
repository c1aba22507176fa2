using System.Management.Automation;
using Qianfan.Batch;

namespace Qianfan.Cmdlets
{
    /// <summary>Stop-QianfanBatchTask: stops running batch inference tasks by id.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "QianfanBatchTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType("Qianfan.BatchTaskActionResult")]
    public sealed class StopQianfanBatchTaskCommand : BatchTaskActionCommand
    {
        protected override BatchTaskAction Action => BatchTaskAction.Stop;

        protected override string ActionDescription => "Stop batch inference task";

        protected override bool ShouldAct(string taskId) => ShouldProcess(taskId, ActionDescription);
    }
}
