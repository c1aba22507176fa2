using System;

namespace Qianfan.Client
{
    /// <summary>
    /// The time used to sign requests: the machine clock plus an offset learnt from the service
    /// when it refuses a request as expired, so one skewed clock does not fail a whole session.
    /// </summary>
    public sealed class SessionClock
    {
        private readonly Func<DateTimeOffset> _machineClock;
        private long _offsetTicks;

        public SessionClock(Func<DateTimeOffset> machineClock = null)
        {
            _machineClock = machineClock ?? (() => DateTimeOffset.UtcNow);
        }

        /// <summary>One clock for the whole PowerShell process, shared by every cmdlet.</summary>
        public static SessionClock Shared { get; } = new SessionClock();

        public TimeSpan Offset => TimeSpan.FromTicks(System.Threading.Interlocked.Read(ref _offsetTicks));

        public DateTimeOffset UtcNow => _machineClock() + Offset;

        /// <summary>Adopts the service's view of the time, measured from its Date header.</summary>
        public void CorrectTo(DateTimeOffset serverNow) =>
            System.Threading.Interlocked.Exchange(ref _offsetTicks, (serverNow - _machineClock()).Ticks);
    }
}
