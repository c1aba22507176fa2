using System;
using System.Collections.Generic;
using System.Linq;
using Qianfan.Protocol;

namespace Qianfan.Tasks
{
    internal enum TaskWaitVerdict
    {
        /// <summary>Running, or a status this module does not know: the task may still change.</summary>
        StillGoing,

        /// <summary>The task has ended in one of the statuses waited for.</summary>
        Reached,

        /// <summary>The task has ended in another status; an ended task does not change again.</summary>
        EndedOtherwise,
    }

    /// <summary>
    /// What a wait waits for: the task to end (Done, Stopped, Failed or Expired), or to end in one of
    /// a chosen few of those. Only these documented statuses count as ended, so a status the service
    /// might add (such as a "Stopping") is waited out rather than taken for the end.
    /// </summary>
    internal sealed class TaskWaitGoal
    {
        public static IReadOnlyList<string> FinalStatuses { get; } =
            new[] { ServiceProtocol.RunStatuses.Done, ServiceProtocol.RunStatuses.Stopped, ServiceProtocol.RunStatuses.Failed, ServiceProtocol.RunStatuses.Expired };

        /// <param name="statuses">The ended statuses to wait for; null or empty for any of them.</param>
        /// <exception cref="ArgumentException">A status is not one of <see cref="FinalStatuses"/>.</exception>
        public TaskWaitGoal(IEnumerable<string>? statuses = null)
        {
            var wanted = new List<string>();
            foreach (var given in statuses ?? Enumerable.Empty<string>())
            {
                var status = BatchTaskStatus.Normalize(given);
                if (status == null || !FinalStatuses.Contains(status))
                    throw new ArgumentException($"'{given}' is not a status a task ends in; use {string.Join(", ", FinalStatuses)}.");
                if (!wanted.Contains(status)) wanted.Add(status);
            }
            Statuses = wanted.Count == 0 ? FinalStatuses : wanted;
        }

        /// <summary>The statuses that end the wait.</summary>
        public IReadOnlyList<string> Statuses { get; }

        public TaskWaitVerdict Judge(string? runStatus)
        {
            var status = BatchTaskStatus.Normalize(runStatus);
            if (status == null || !FinalStatuses.Contains(status)) return TaskWaitVerdict.StillGoing;
            return Statuses.Contains(status) ? TaskWaitVerdict.Reached : TaskWaitVerdict.EndedOtherwise;
        }

        /// <summary>"ended (Done, Stopped, Failed or Expired)" or "ended as Done or Stopped", for messages.</summary>
        public string Describe() =>
            Statuses.Count == FinalStatuses.Count ? "ended (" + Alternatives(FinalStatuses) + ")" : "ended as " + StatusList;

        /// <summary>"Done or Stopped": the statuses waited for, for messages.</summary>
        public string StatusList => Alternatives(Statuses);

        private static string Alternatives(IReadOnlyList<string> statuses) =>
            statuses.Count == 1 ? statuses[0] : string.Join(", ", statuses.Take(statuses.Count - 1)) + " or " + statuses[statuses.Count - 1];
    }
}
