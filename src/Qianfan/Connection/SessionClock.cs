using System;
using System.Collections.Concurrent;

namespace Qianfan.Connection
{
    /// <summary>
    /// The time used to sign requests to one endpoint: the machine clock plus an offset learnt from
    /// that endpoint when it refuses a request as expired, so one skewed clock does not fail a whole
    /// session. The offset is kept per endpoint, because it comes from an unauthenticated Date
    /// header: what one endpoint says must not move the time signed for another.
    /// </summary>
    internal sealed class SessionClock
    {
        /// <summary>The largest skew corrected for; beyond it the machine's clock is wrong and must be fixed.</summary>
        public static readonly TimeSpan MaxCorrection = TimeSpan.FromHours(24);

        private static readonly ConcurrentDictionary<string, SessionClock> PerEndpoint =
            new ConcurrentDictionary<string, SessionClock>(StringComparer.OrdinalIgnoreCase);

        private readonly IClock _machine;
        private long _offsetTicks;

        public SessionClock() : this(SystemClock.Instance) { }

        internal SessionClock(IClock machine)
        {
            _machine = machine ?? throw new ArgumentNullException(nameof(machine));
        }

        /// <summary>The clock for <paramref name="endpoint"/>, shared by every cmdlet of this PowerShell process that calls it.</summary>
        public static SessionClock ForEndpoint(QianfanEndpoint endpoint)
        {
            if (endpoint == null) throw new ArgumentNullException(nameof(endpoint));
            return PerEndpoint.GetOrAdd(endpoint.ToString(), _ => new SessionClock());
        }

        public TimeSpan Offset => TimeSpan.FromTicks(System.Threading.Interlocked.Read(ref _offsetTicks));

        public DateTimeOffset UtcNow => _machine.UtcNow + Offset;

        /// <summary>
        /// Adopts the service's view of the time, measured from its Date header, when it is within
        /// <see cref="MaxCorrection"/> of the machine clock; otherwise changes nothing.
        /// </summary>
        /// <returns>The skew (service minus machine), whether or not it was adopted.</returns>
        public TimeSpan CorrectTo(DateTimeOffset serverNow, out bool adopted)
        {
            var skew = serverNow - _machine.UtcNow;
            adopted = skew.Duration() <= MaxCorrection;
            if (adopted) System.Threading.Interlocked.Exchange(ref _offsetTicks, skew.Ticks);
            return skew;
        }
    }
}
