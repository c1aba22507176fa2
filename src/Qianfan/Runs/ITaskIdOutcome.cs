using System.Collections.Generic;
using Qianfan.Client.Http;

namespace Qianfan.Runs
{
    /// <summary>
    /// What a run over task ids needs to know of how one id ended, whatever was done to it (stop,
    /// delete, wait, describe): enough to count it, list it as not attempted, and write its attempts.
    /// </summary>
    internal interface ITaskIdOutcome
    {
        string TaskId { get; }

        bool Succeeded { get; }

        /// <summary>True when the run stopped sending before this id's first attempt: nothing was asked of the service.</summary>
        bool NotAttempted { get; }

        /// <summary>Every HTTP attempt made for this id, in order.</summary>
        IReadOnlyList<AttemptRecord> Attempts { get; }

        /// <summary>Something the user should know about this id beside its result; null for nothing.</summary>
        string? Warning { get; }
    }
}
