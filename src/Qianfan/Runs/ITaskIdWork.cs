using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Runs
{
    /// <summary>What a run does to each id (describe, stop, delete, wait) and how it writes what came of it.</summary>
    /// <typeparam name="TOutcome">How one id ended, as this work knows it.</typeparam>
    internal interface ITaskIdWork<TOutcome> where TOutcome : class, ITaskIdOutcome
    {
        /// <summary>How the run names what it does, in its progress bar, messages and closing summary.</summary>
        TaskIdRunWording Wording { get; }

        /// <summary>Whether the run shows a progress bar and ends with a verbose summary (not for work that changes nothing).</summary>
        bool ReportsProgress { get; }

        /// <summary>Does the work for one id; says how it ended and never throws for a failure of that id (only cancellation is thrown).</summary>
        Task<TOutcome> SendAsync(string taskId, CancellationToken cancellationToken);

        /// <summary>Writes what a successful id came to.</summary>
        void WriteSucceeded(TOutcome outcome, IRunHost host);

        /// <summary>The error record of an id the service (or the wait) failed, with the id as its target.</summary>
        ErrorRecord ErrorFor(TOutcome outcome, string command);
    }
}
