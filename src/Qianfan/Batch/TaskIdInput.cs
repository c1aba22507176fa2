namespace Qianfan.Batch
{
    public enum TaskIdVerdict
    {
        Valid,
        Blank,
        Invalid,
    }

    /// <summary>Cleans one task id as it arrives from a file, CSV or the command line.</summary>
    public static class TaskIdInput
    {
        public const int MaxLength = 128;

        /// <param name="raw">The id as given.</param>
        /// <param name="taskId">The trimmed id (also for an invalid one, to name it in the error).</param>
        /// <param name="problem">Why an invalid id is invalid.</param>
        public static TaskIdVerdict Check(string raw, out string taskId, out string problem)
        {
            problem = null;
            taskId = (raw ?? string.Empty).Trim();
            if (taskId.Length == 0) return TaskIdVerdict.Blank;
            if (taskId.Length > MaxLength)
            {
                problem = $"it is {taskId.Length} characters long; task ids are at most {MaxLength}";
                return TaskIdVerdict.Invalid;
            }
            foreach (var c in taskId)
            {
                if (char.IsWhiteSpace(c))
                {
                    problem = "it contains white space; a task id is one word such as infer-9ia3kc1wt9mp (one id a line, or separate ids with commas)";
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
