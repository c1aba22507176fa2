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
        public const string StopAction = ServiceProtocol.Actions.StopBatchInferenceTask;
        public const string DeleteAction = ServiceProtocol.Actions.DeleteBatchInferenceTask;

        public static string ConsoleAction(this BatchTaskAction action)
        {
            switch (action)
            {
                case BatchTaskAction.Stop: return StopAction;
                case BatchTaskAction.Delete: return DeleteAction;
                default: return BatchTaskReader.DescribeAction;
            }
        }
    }
}
