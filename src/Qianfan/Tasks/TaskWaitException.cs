using System;
using System.Globalization;

namespace Qianfan.Tasks
{
    /// <summary>
    /// A wait that did not get its task where it wanted: time ran out, the task ended in another
    /// status, or the run stopped sending first. The message says which status the task was last
    /// seen in; <see cref="ErrorId"/> names the case for the error record.
    /// </summary>
    internal sealed class TaskWaitException : Exception
    {
        public const string TimeoutErrorId = "WaitTimeout";
        public const string EndedOtherwiseErrorId = "TaskEndedInOtherStatus";
        public const string InterruptedErrorId = "WaitInterrupted";

        private TaskWaitException(string message, TaskWaitOutcome outcome, string errorId, Exception? inner)
            : base(message, inner)
        {
            Outcome = outcome;
            ErrorId = errorId;
        }

        public TaskWaitOutcome Outcome { get; }
        public string ErrorId { get; }

        /// <summary>The run status the task was last seen in; null when no look succeeded.</summary>
        public string? LastStatus => Outcome.LastSeen?.RunStatus;

        /// <exception cref="ArgumentException">The outcome is Reached or Failed, which are not this exception's cases.</exception>
        public static TaskWaitException For(TaskWaitOutcome outcome, TaskWaitGoal goal, TimeSpan? timeout)
        {
            var seen = outcome.LastSeen == null ? "not yet seen" : "last seen " + (outcome.LastSeen.RunStatus ?? "without a status");
            switch (outcome.End)
            {
                case TaskWaitEnd.TimedOut:
                    var limit = timeout.HasValue ? string.Format(CultureInfo.InvariantCulture, "{0:0.###} s", timeout.Value.TotalSeconds) : "the time allowed";
                    return new TaskWaitException($"the task had not {goal.Describe()} when the wait ran out after {limit} (-Timeout); it was {seen}, " +
                                                 $"after {outcome.Looks} look(s)", outcome, TimeoutErrorId, null);
                case TaskWaitEnd.EndedOtherwise:
                    return new TaskWaitException($"the task ended as {outcome.LastSeen?.RunStatus}, not as {goal.StatusList}, and an ended task does not change again",
                        outcome, EndedOtherwiseErrorId, null);
                case TaskWaitEnd.Interrupted:
                    return new TaskWaitException($"the run stopped sending before the wait was over; the task was {seen}" +
                                                 (outcome.Failure == null ? string.Empty : ": " + outcome.Failure.Message),
                        outcome, InterruptedErrorId, outcome.Failure);
                default:
                    throw new ArgumentException("a wait that ended " + outcome.End + " is not a TaskWaitException", nameof(outcome));
            }
        }
    }
}
