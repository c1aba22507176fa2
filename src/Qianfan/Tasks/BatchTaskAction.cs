using Qianfan.Client;

namespace Qianfan.Tasks
{
    /// <summary>What can be done to a batch inference task by id, with the console action that does it.</summary>
    internal enum BatchTaskAction
    {
        Stop,
        Delete,

        /// <summary>Wait until the task has ended: no change of its own, only DescribeBatchInferenceTask polls.</summary>
        Wait,
    }

    internal static class BatchTaskActionNames
    {
        public static string ConsoleAction(this BatchTaskAction action)
        {
            switch (action)
            {
                case BatchTaskAction.Stop: return ServiceProtocol.Actions.StopBatchInferenceTask;
                case BatchTaskAction.Delete: return ServiceProtocol.Actions.DeleteBatchInferenceTask;
                default: return ServiceProtocol.Actions.DescribeBatchInferenceTask;
            }
        }
    }
}
