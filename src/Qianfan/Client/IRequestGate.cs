using System;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Client
{
    /// <summary>
    /// What every request of a run passes through: a place among those in flight, a start slot at
    /// the run's pace, and a record of how each attempt and each call ended, so that the run can
    /// find the service's rate and stop sending when every id would fail alike.
    /// </summary>
    internal interface IRequestGate
    {
        /// <summary>Waits for a place and a start slot; a <paramref name="retry"/> waits ahead of first attempts.</summary>
        /// <exception cref="RunHaltedException">The run has stopped sending.</exception>
        Task<IRequestAdmission> EnterAsync(CancellationToken cancellationToken, bool retry = false);

        /// <summary>True when the run has been throttled for longer than it may wait with nothing getting through.</summary>
        bool ThrottledTooLong { get; }

        /// <summary>How long that is.</summary>
        TimeSpan ThrottleTimeout { get; }

        /// <summary>
        /// A call ended: <paramref name="failure"/> is null when it succeeded. Called while the call's last attempt
        /// still holds its place, so that a stop it causes comes before any later start. <paramref name="takenAsDone"/>
        /// is set for a failure the caller takes as done (a task already stopped or deleted), which fails no id.
        /// </summary>
        void CallEnded(QianfanServiceException? failure, bool takenAsDone = false);
    }

    /// <summary>One attempt's place in flight; disposing it frees the place.</summary>
    internal interface IRequestAdmission : IDisposable
    {
        /// <summary>The service answered and did not throttle.</summary>
        void Accepted();

        /// <summary>The service throttled this attempt.</summary>
        void Throttled();

        /// <summary>No answer came within the attempt timeout.</summary>
        void Unanswered(QianfanServiceException timeout);

        /// <summary>The service published its limit (X-Ratelimit-Limit-Requests, per minute) and what is left of it.</summary>
        void ServiceLimit(double requestsPerMinute, double? remaining);
    }
}
