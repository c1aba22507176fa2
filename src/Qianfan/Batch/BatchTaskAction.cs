namespace Qianfan.Batch
{
    /// <summary>What can be done to a batch inference task by id, with the console action that does it.</summary>
    public enum BatchTaskAction
    {
        Stop,
        Delete,
    }

    public static class BatchTaskActionNames
    {
        public const string StopAction = "StopBatchInferenceTask";
        public const string DeleteAction = "DeleteBatchInferenceTask";

        public static string ConsoleAction(this BatchTaskAction action) =>
            action == BatchTaskAction.Stop ? StopAction : DeleteAction;
    }
}
