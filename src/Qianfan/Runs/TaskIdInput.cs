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
            foreach (var c in taskId)
            {
                if (char.IsWhiteSpace(c))
                {
                    problem = "it contains white space; a task id is one word such as infer-9ia3kc1wt9mp (one id a line; split text that holds several ids first, e.g. -TaskId ($text -split '\\s+'))";
                    return TaskIdVerdict.Invalid;
                }
                if (char.IsControl(c))
                {
                    problem = $"it contains the control character U+{(int)c:X4}";
                    return TaskIdVerdict.Invalid;
                }
            }
            return TaskIdVerdict.Valid;
        }
    }
}
