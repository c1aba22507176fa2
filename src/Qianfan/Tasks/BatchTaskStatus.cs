using System;
using System.Collections.Generic;
using Qianfan.Client;

namespace Qianfan.Tasks
{
    /// <summary>The run states the service reports for a batch inference task (runStatus).</summary>
    internal static class BatchTaskStatus
    {
        public const string Running = ServiceProtocol.RunStatuses.Running;
        public const string Done = ServiceProtocol.RunStatuses.Done;
        public const string Stopped = ServiceProtocol.RunStatuses.Stopped;
        public const string Failed = ServiceProtocol.RunStatuses.Failed;
        public const string Expired = ServiceProtocol.RunStatuses.Expired;

        public static IReadOnlyList<string> All { get; } = ServiceProtocol.RunStatuses.All;

        /// <summary>The service's spelling of a status given in any case, or null when it is none of them.</summary>
        public static string? Normalize(string? status)
        {
            var text = (status ?? string.Empty).Trim();
            foreach (var known in All)
                if (string.Equals(known, text, StringComparison.OrdinalIgnoreCase)) return known;
            return null;
        }
    }
}
