using System;

namespace Qianfan.Client
{
    /// <summary>
    /// The run stopped sending because the same run-wide failure hit several ids in a row (see
    /// <see cref="RunWideFailures"/>). Thrown instead of a place at the gate; the cause is the last
    /// of those failures.
    /// </summary>
    internal sealed class RunHaltedException : Exception
    {
        public RunHaltedException(string failureName, int consecutiveIds, QianfanServiceException? cause)
            : base($"The run stopped sending after {consecutiveIds} ids in a row failed with {failureName}: {cause?.Message}", cause)
        {
            FailureName = failureName;
            ConsecutiveIds = consecutiveIds;
            Cause = cause;
        }

        /// <summary>The run was told to stop sending for a reason other than failures (e.g. -ErrorAction Stop).</summary>
        public RunHaltedException(string reason) : base(reason)
        {
            FailureName = reason;
        }

        /// <summary>What the failures had in common, e.g. "SignatureDoesNotMatch" or "connection refused".</summary>
        public string FailureName { get; }

        public int ConsecutiveIds { get; }

        /// <summary>The last of the failures that stopped the run; null when it was told to stop for another reason.</summary>
        public QianfanServiceException? Cause { get; }
    }
}
