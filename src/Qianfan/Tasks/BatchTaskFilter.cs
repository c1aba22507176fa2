using System;
using System.Collections.Generic;
using System.Linq;
using Qianfan.Protocol;

namespace Qianfan.Tasks
{
    /// <summary>
    /// Which tasks Get-QianfanBatchTask writes: by status, by name (PowerShell wildcards, any case)
    /// and by creation time. The service filters a listing by status only; everything else is
    /// decided here, on each task as it arrives, so listing still streams page by page.
    /// </summary>
    internal sealed class BatchTaskFilter
    {
        private readonly List<string> _statuses = new List<string>();
        private readonly List<Predicate<string>> _names;
        private readonly DateTime? _createdAfterUtc;
        private readonly DateTime? _createdBeforeUtc;

        /// <param name="statuses">Keep tasks in any of these states (any case); none keeps every state.</param>
        /// <param name="names">Keep tasks whose name matches any of these wildcard patterns; none keeps every name.</param>
        /// <param name="createdAfter">Keep tasks created at or after this time.</param>
        /// <param name="createdBefore">Keep tasks created before this time.</param>
        /// <param name="compileName">Turns a -Name pattern into a test of names; PowerShell's wildcards (<see cref="NamePattern"/>) when null.</param>
        /// <remarks>
        /// Times are compared in UTC whatever their Kind; an Unspecified one (what [datetime]'2025-03-01'
        /// gives) is taken as local time, as PowerShell and DateTime.ToUniversalTime take it.
        /// </remarks>
        /// <exception cref="ArgumentException">A status is unknown, a pattern is malformed, or the time range is empty.</exception>
        public BatchTaskFilter(IEnumerable<string>? statuses = null, IEnumerable<string?>? names = null,
            DateTime? createdAfter = null, DateTime? createdBefore = null, Func<string, Predicate<string>>? compileName = null)
        {
            compileName = compileName ?? NamePattern.Compile;
            foreach (var status in statuses ?? Enumerable.Empty<string>())
            {
                var known = BatchTaskStatus.Normalize(status) ??
                            throw new ArgumentException($"'{status}' is not a task status; use one of {string.Join(", ", ServiceProtocol.RunStatuses.All)}.");
                if (!_statuses.Contains(known)) _statuses.Add(known);
            }
            _names = (names ?? Enumerable.Empty<string?>()).OfType<string>().Select(compileName).ToList();
            _createdAfterUtc = createdAfter?.ToUniversalTime();
            _createdBeforeUtc = createdBefore?.ToUniversalTime();
            if (_createdAfterUtc >= _createdBeforeUtc)
                throw new ArgumentException(
                    $"No task can be created at or after {Show(_createdAfterUtc.Value)} and before {Show(_createdBeforeUtc.Value)}; " +
                    "give a -CreatedAfter earlier than -CreatedBefore.");
        }

        /// <summary>The states asked for, in the service's spelling and the order given, each once (for the service to filter a listing by).</summary>
        public IReadOnlyCollection<string> Statuses => _statuses;

        /// <summary>True when the filter keeps every task.</summary>
        public bool KeepsAll => _statuses.Count == 0 && _names.Count == 0 && _createdAfterUtc == null && _createdBeforeUtc == null;

        public bool Matches(BatchTask task) => WhyLeftOut(task) == null;

        /// <summary>Null when the task is kept; otherwise a short reason, for -Verbose.</summary>
        public string? WhyLeftOut(BatchTask task)
        {
            if (task == null) throw new ArgumentNullException(nameof(task));
            if (_statuses.Count > 0 && !_statuses.Contains(BatchTaskStatus.Normalize(task.RunStatus) ?? string.Empty))
                return $"its status is {task.RunStatus ?? "not given"}";
            if (_names.Count > 0 && !_names.Any(matches => matches(task.Name ?? string.Empty)))
                return $"its name '{task.Name}' matches no -Name pattern";
            if (_createdAfterUtc == null && _createdBeforeUtc == null) return null;
            var created = task.CreateTimeUtc;
            if (created == null) return "the service gave no creation time";
            if (created < _createdAfterUtc) return $"it was created at {Show(created.Value)}, before {Show(_createdAfterUtc.Value)}";
            if (created >= _createdBeforeUtc) return $"it was created at {Show(created.Value)}, not before {Show(_createdBeforeUtc.Value)}";
            return null;
        }

        private static string Show(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }
}
