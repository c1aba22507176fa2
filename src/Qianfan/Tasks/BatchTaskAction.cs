using Qianfan.Protocol;

namespace Qianfan.Tasks
{
    /// <summary>What can be done to a batch inference task by id, with the console action that does it.</summary>
    internal enum BatchTaskAction
    {
        Stop,
        Delete,
    }

    internal static class BatchTaskActionNames
    {
        public static string ConsoleAction(this BatchTaskAction action)
        {
            switch (action)
            {
                case BatchTaskAction.Stop: return ServiceProtocol.Actions.StopBatchInferenceTask;
                case BatchTaskAction.Delete: return ServiceProtocol.Actions.DeleteBatchInferenceTask;
                default: throw new System.ArgumentOutOfRangeException(nameof(action), action, "not an action on a batch inference task");
            }
        }
    }
}
