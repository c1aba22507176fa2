using System;
using System.Collections.Generic;

namespace Qianfan.Batch
{
    /// <summary>The run states the service reports for a batch inference task (runStatus).</summary>
    internal static class BatchTaskStatus
    {
        public const string Running = "Running";
        public const string Done = "Done";
        public const string Stopped = "Stopped";
        public const string Failed = "Failed";
        public const string Expired = "Expired";

        public static IReadOnlyList<string> All { get; } = new[] { Running, Done, Stopped, Failed, Expired };

        /// <summary>The service's spelling of a status given in any case, or null when it is none of them.</summary>
        public static string Normalize(string status)
        {
            var text = (status ?? string.Empty).Trim();
            foreach (var known in All)
                if (string.Equals(known, text, StringComparison.OrdinalIgnoreCase)) return known;
            return null;
        }
    }
}
