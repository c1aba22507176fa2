using System;

namespace Qianfan.Tasks
{
    /// <summary>
    /// How long a wait pauses between looks at a task: 1 s after the first, then 2 s, 4 s, and 5 s
    /// from there on. Quick for a stop that takes a moment, a request every few seconds for a long one.
    /// </summary>
    internal static class PollSchedule
    {
        public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
        public static readonly TimeSpan Longest = TimeSpan.FromSeconds(5);

        /// <param name="looks">How many times the task has been looked at so far (1 or more).</param>
        public static TimeSpan PauseAfter(int looks)
        {
            var doublings = Math.Min(Math.Max(0, looks - 1), 16);
            var pause = TimeSpan.FromTicks(First.Ticks << doublings);
            return pause < Longest ? pause : Longest;
        }
    }
}
