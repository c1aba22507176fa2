using System;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Runs
{
    /// <summary>
    /// Under -ErrorAction Stop, an id that fails stops the run as soon as its outcome is known, on the
    /// thread it completes on, not when the ordered output reaches it. A failed call stops the gate
    /// earlier still (see RequestGate); this covers failures no single call shows, such as a wait
    /// that ran out or a refusal confirmed by a look at the task.
    /// </summary>
    internal static class FailureStopsRun
    {
        /// <summary><paramref name="send"/>, telling <paramref name="idFailed"/> of every id it sent that failed.</summary>
        public static Func<string, CancellationToken, Task<ITaskIdOutcome>> Around(
            Func<string, CancellationToken, Task<ITaskIdOutcome>> send, Action idFailed)
        {
            if (send == null) throw new ArgumentNullException(nameof(send));
            if (idFailed == null) throw new ArgumentNullException(nameof(idFailed));
            return async (taskId, token) =>
            {
                var outcome = await send(taskId, token).ConfigureAwait(false);
                if (!outcome.Succeeded && !outcome.NotAttempted) idFailed();
                return outcome;
            };
        }
    }
}
