using System.Management.Automation;
using Qianfan.Tasks;

namespace Qianfan.Records
{
    /// <summary>
    /// The error record of an id whose wait did not end where it should (Wait-QianfanBatchTask, or
    /// Stop-QianfanBatchTask -Wait after an accepted stop): what happened, the status the task was
    /// last seen in, and what to do, in the message itself; the id as target.
    /// </summary>
    internal static class WaitErrorRecords
    {
        /// <summary>A stop the service accepted, followed by a wait that did not end where it should (Stop -Wait).</summary>
        public static ErrorRecord AfterStop(BatchTaskOutcome outcome, string command) =>
            For(outcome.TaskId, outcome.Failure!, afterStop: true, // a failed outcome carries its failure
                $"Stop of task '{outcome.TaskId}' was accepted (request id {outcome.RequestId ?? "(none)"}), but waiting for the task to end failed", command);

        /// <summary>A wait of its own (Wait-QianfanBatchTask) that failed.</summary>
        public static ErrorRecord Of(WaitOutcome outcome, string command) =>
            For(outcome.TaskId, outcome.Failure!, afterStop: false, $"Waiting for task '{outcome.TaskId}' failed", command); // a failed wait carries its failure

        private static ErrorRecord For(string taskId, System.Exception failure, bool afterStop, string subject, string command)
        {
            var quoted = "'" + taskId.Replace("'", "''") + "'";
            if (!(failure is TaskWaitException wait))
                return ErrorRecordFactory.ForFailure(failure, taskId, subject, command, taskId);

            var advice = Advice(wait, afterStop, quoted, command);
            var message = subject + ": " + wait.Message + ". " + advice;
            return new ErrorRecord(wait, wait.ErrorId, Category(wait), taskId)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = advice },
            };
        }

        private static ErrorCategory Category(TaskWaitException wait)
        {
            switch (wait.ErrorId)
            {
                case TaskWaitException.TimeoutErrorId: return ErrorCategory.OperationTimeout;
                case TaskWaitException.EndedOtherwiseErrorId: return ErrorCategory.InvalidResult;
                default: return ErrorCategory.OperationStopped;
            }
        }

        private static string Advice(TaskWaitException wait, bool afterStop, string quoted, string command)
        {
            switch (wait.ErrorId)
            {
                case TaskWaitException.TimeoutErrorId when afterStop:
                    return "The service is still stopping the task, so it cannot be deleted yet. Wait for it with a longer -Timeout, then delete it: " +
                           $"Wait-QianfanBatchTask -TaskId {quoted} -Timeout 600 | Remove-QianfanBatchTask -Force";
                case TaskWaitException.TimeoutErrorId:
                    return $"Wait again with a longer -Timeout (Wait-QianfanBatchTask -TaskId {quoted} -Timeout 600), " +
                           $"or see the task with Get-QianfanBatchTask -TaskId {quoted}";
                case TaskWaitException.EndedOtherwiseErrorId:
                    return $"The task will not get there. See it with Get-QianfanBatchTask -TaskId {quoted}; leave out -Status to wait for any end";
                case TaskWaitException.InterruptedErrorId when afterStop:
                    return $"The stop was accepted. Once the cause of the stop is dealt with, wait for the task before deleting it: Wait-QianfanBatchTask -TaskId {quoted}";
                default:
                    return $"Once the cause of the stop (the error that ended the run) is dealt with, run {command} again for this id";
            }
        }
    }
}
