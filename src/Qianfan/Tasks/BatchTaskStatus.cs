using System;
using System.Collections.Generic;
using Qianfan.Protocol;

namespace Qianfan.Tasks
{
    /// <summary>The run states the service reports for a batch inference task (runStatus), spelled in <see cref="ServiceProtocol.RunStatuses"/>.</summary>
    internal static class BatchTaskStatus
    {
        /// <summary>The service's spelling of a status given in any case, or null when it is none of them.</summary>
        public static string? Normalize(string? status)
        {
            var text = (status ?? string.Empty).Trim();
            foreach (var known in ServiceProtocol.RunStatuses.All)
                if (string.Equals(known, text, StringComparison.OrdinalIgnoreCase)) return known;
            return null;
        }
    }
}
