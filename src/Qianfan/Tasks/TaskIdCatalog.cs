using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;

namespace Qianfan.Tasks
{
    /// <summary>A task as tab completion offers it.</summary>
    internal sealed record TaskIdSuggestion(string TaskId, string? Name, string? RunStatus);

    /// <summary>
    /// The task ids an account has, for tab completion: listed from the service in a few pages at
    /// most, within a short time budget and without retries, and remembered for a short while per
    /// endpoint, access key and status filter, so that pressing Tab again sends nothing. Whatever
    /// goes wrong (no network, wrong keys, a slow service) gives fewer suggestions, never an exception.
    /// </summary>
    internal sealed class TaskIdCatalog
    {
        public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(30);
        public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(2);
        public const int DefaultMaxPages = 5;

        private readonly object _gate = new object();
        private readonly Dictionary<string, Entry> _entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        private readonly TimeSpan _lifetime;
        private readonly TimeSpan _budget;
        private readonly int _maxPages;
        private readonly IClock _clock;
        private readonly HttpClient? _http;

        /// <param name="clock">What a list's age is read from; the machine's when null.</param>
        /// <param name="http">The HTTP client to send with; the module's shared one when null.</param>
        public TaskIdCatalog(TimeSpan? lifetime = null, TimeSpan? budget = null, int maxPages = DefaultMaxPages,
            IClock? clock = null, HttpClient? http = null)
        {
            _lifetime = lifetime ?? DefaultLifetime;
            _budget = budget ?? DefaultBudget;
            _maxPages = Math.Max(1, maxPages);
            _clock = clock ?? SystemClock.Instance;
            _http = http;
        }

        /// <summary>The one catalog of the process, shared by every completion.</summary>
        public static TaskIdCatalog Shared { get; } = new TaskIdCatalog();

        /// <summary>
        /// Tasks in <paramref name="statuses"/> (every state when empty) whose id starts with
        /// <paramref name="prefix"/> in any case, in the order the service lists them. Empty when the
        /// settings carry no keys or the service cannot be reached in time. Never throws.
        /// </summary>
        public IReadOnlyList<TaskIdSuggestion> Suggest(KeysAndEndpoint? settings, IReadOnlyCollection<string>? statuses, string? prefix)
        {
            try
            {
                var credential = settings?.Credential;
                if (settings == null || credential == null) return Array.Empty<TaskIdSuggestion>();
                statuses = statuses ?? Array.Empty<string>();
                var key = settings.Endpoint + "\n" + credential.AccessKey + "\n" + string.Join(",", statuses);
                var now = _clock.UtcNow;
                Entry? entry;
                lock (_gate) _entries.TryGetValue(key, out entry);
                if (entry == null || now - entry.ListedAt >= _lifetime)
                {
                    // Failures are remembered too: while offline, each Tab should not wait out the budget again.
                    entry = new Entry(now, List(settings.Endpoint, credential, statuses));
                    lock (_gate)
                    {
                        foreach (var stale in _entries.Where(e => now - e.Value.ListedAt >= _lifetime).Select(e => e.Key).ToList())
                            _entries.Remove(stale);
                        _entries[key] = entry;
                    }
                }
                prefix = prefix ?? string.Empty;
                return entry.Tasks.Where(t => t.TaskId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).ToList();
            }
            catch (Exception)
            {
                // Completion must never disturb the command line, whatever failed.
                return Array.Empty<TaskIdSuggestion>();
            }
        }

        /// <summary>What the first few pages hold; what was listed before a failure or the end of the budget.</summary>
        private List<TaskIdSuggestion> List(QianfanEndpoint endpoint, QianfanCredential credential, IReadOnlyCollection<string> statuses)
        {
            var found = new List<TaskIdSuggestion>();
            var options = new ConsoleClientOptions(endpoint, credential)
            {
                AttemptTimeout = _budget,
                RetryPolicy = new RetryPolicy(0),
            };
            var pager = new BatchTaskPager(new ConsoleClient(options, _http), statuses, BatchTaskPager.MaxPageSize);
            using (var budget = new CancellationTokenSource(_budget))
            {
                try
                {
                    while (pager.HasMore && pager.PagesRead < _maxPages)
                    {
                        var page = pager.NextPageAsync(budget.Token).GetAwaiter().GetResult();
                        foreach (var task in page.Tasks)
                            if (task.TaskId is { Length: > 0 } taskId) found.Add(new TaskIdSuggestion(taskId, task.Name, task.RunStatus));
                    }
                }
                catch (Exception)
                {
                    // Offline, refused, too slow or not understood: offer what was found so far.
                }
            }
            return found;
        }

        private sealed class Entry
        {
            public Entry(DateTimeOffset listedAt, IReadOnlyList<TaskIdSuggestion> tasks)
            {
                ListedAt = listedAt;
                Tasks = tasks;
            }

            public DateTimeOffset ListedAt { get; }
            public IReadOnlyList<TaskIdSuggestion> Tasks { get; }
        }
    }
}
