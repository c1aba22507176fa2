namespace Qianfan.Runs
{
    internal enum TaskIdVerdict
    {
        Valid,
        Blank,
        Invalid,
    }

    /// <summary>Cleans one task id as it arrives from a file, CSV or the command line.</summary>
    internal static class TaskIdInput
    {
        public const int MaxLength = 128;

        /// <param name="raw">The id as given.</param>
        /// <param name="taskId">The trimmed id (also for an invalid one, to name it in the error).</param>
        /// <param name="problem">Why an invalid id is invalid.</param>
        public static TaskIdVerdict Check(string? raw, out string taskId, out string? problem)
        {
            problem = null;
            if (NotATaskId.TryFind(raw, out var notAnId))
            {
                taskId = raw;
                problem = notAnId.Description;
                return TaskIdVerdict.Invalid;
            }
            taskId = (raw ?? string.Empty).Trim();
            if (taskId.Length == 0) return TaskIdVerdict.Blank;
            // Checked before the length, as a long list of ids is best told to be split.
            if (taskId.IndexOf(',') >= 0)
            {
                problem = "it contains a comma, so it looks like several ids in one string; it is not split for you: split it first, e.g. -TaskId ($text -split ',')";
                return TaskIdVerdict.Invalid;
            }
            if (taskId.Length > MaxLength)
            {
                problem = $"it is {taskId.Length} characters long; task ids are at most {MaxLength}";
                return TaskIdVerdict.Invalid;
            }
            problem = TaskIdCharacters.FindProblem(taskId);
            return problem == null ? TaskIdVerdict.Valid : TaskIdVerdict.Invalid;
        }
    }
}
