using System;
using Qianfan.Runs.Gate;

namespace Qianfan.Client
{
    /// <summary>
    /// The run stopped sending: the same run-wide failure hit several ids in a row (see
    /// <see cref="RunWideFailures"/>), attempts in a row got no answer at all, or an id failed under
    /// -ErrorAction Stop. Thrown instead of a place at the gate, a copy of its own to each caller
    /// (<see cref="ForCaller"/>); the cause is the last of those failures.
    /// </summary>
    internal sealed class RunHaltedException : Exception
    {
        public RunHaltedException(string failureName, int consecutiveIds, QianfanServiceException? cause)
            : this(failureName, $"{consecutiveIds} ids in a row failed with {failureName}", cause)
        {
            ConsecutiveIds = consecutiveIds;
        }

        /// <summary>The run was told to stop sending for a reason other than failures.</summary>
        public RunHaltedException(string reason) : base(reason)
        {
            FailureName = reason;
            Circumstance = reason;
        }

        private RunHaltedException(string failureName, string circumstance, QianfanServiceException? cause)
            : base($"The run stopped sending after {circumstance}: {cause?.Message}", cause)
        {
            FailureName = failureName;
            Circumstance = circumstance;
            Cause = cause;
        }

        private RunHaltedException(RunHaltedException original)
            : base(original.Message, original.InnerException)
        {
            FailureName = original.FailureName;
            Circumstance = original.Circumstance;
            ConsecutiveIds = original.ConsecutiveIds;
            Cause = original.Cause;
        }

        /// <summary>
        /// The same halt as an instance of its own, for one caller to throw: callers on several threads
        /// throwing one instance would write its stack trace over each other's.
        /// </summary>
        public RunHaltedException ForCaller() => new RunHaltedException(this);

        /// <summary>Attempts in a row got no answer within the attempt timeout (see <see cref="UnansweredAttempts"/>).</summary>
        public static RunHaltedException Unanswered(int attempts, QianfanServiceException cause) =>
            new RunHaltedException(RunWideFailures.NoAnswerInTime, $"{attempts} attempts in a row got no answer in time", cause);

        /// <summary>-ErrorAction Stop: the first id that failed ends the run.</summary>
        public static RunHaltedException AtFirstFailure(QianfanServiceException cause) =>
            new RunHaltedException("-ErrorAction Stop", "an id failed under -ErrorAction Stop", cause);

        /// <summary>What the failures had in common, e.g. "SignatureDoesNotMatch" or "connection refused".</summary>
        public string FailureName { get; }

        /// <summary>What happened, e.g. "3 ids in a row failed with connection refused".</summary>
        public string Circumstance { get; }

        public int ConsecutiveIds { get; }

        /// <summary>The last of the failures that stopped the run; null when it was told to stop for another reason.</summary>
        public QianfanServiceException? Cause { get; }
    }
}
