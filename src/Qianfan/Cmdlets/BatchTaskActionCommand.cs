using Qianfan.Runs;
using Qianfan.Runs.Gate;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// What Stop- and Remove-QianfanBatchTask share: a run whose work is one <see cref="BatchTaskAction"/>
    /// per id (<see cref="BatchTaskActionWork"/>), each id sent only once the cmdlet agrees.
    /// </summary>
    public abstract class BatchTaskActionCommand : TaskIdRunCommand
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected BatchTaskActionCommand() { }

        private protected abstract BatchTaskAction Action { get; }

        /// <summary>The words of the progress bar and the ShouldProcess prompt, e.g. "Stop batch inference task".</summary>
        private protected abstract string ActionDescription { get; }

        /// <summary>What carries out each id, through the run's gate; the cmdlet's switches (-IgnoreAlreadyDone, -Wait) decide how.</summary>
        private protected abstract BatchTaskExecutor CreateExecutor(RequestGate gate);

        /// <summary>True where a result can carry a RunStatus (Stop with -Wait or -IgnoreAlreadyDone).</summary>
        private protected virtual bool ResultsMayHaveRunStatus => false;

        /// <summary>
        /// Whether this id is sent: ShouldProcess, with -Force where the cmdlet has it. A
        /// <see cref="System.Management.Automation.PSInvalidOperationException"/> (a prompt that cannot be shown) ends the run.
        /// </summary>
        private protected abstract bool ShouldSend(string taskId);

        private protected override ITaskIdRun ComposeRun() =>
            CmdletRunHost.RunFor(this, gate => new BatchTaskActionWork(CreateExecutor(gate), Action, ActionDescription, ResultsMayHaveRunStatus),
                ShouldSend, ThrottleLimit);
    }
}
