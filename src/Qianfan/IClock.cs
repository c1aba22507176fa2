using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan
{
    /// <summary>
    /// The machine's time, as the module reads it and waits on it: the real one in the module, a
    /// hand-driven one in tests, so a test can check how long a retry waited without waiting. The one
    /// seam for time: nothing outside <see cref="SystemClock"/> reads the real clock (BannedSymbols.txt).
    /// </summary>
    /// <remarks>
    /// Not System.TimeProvider: on netstandard2.0 that type comes from Microsoft.Bcl.TimeProvider.dll, one
    /// more assembly loaded into every PowerShell session that imports the module, for three members.
    /// </remarks>
    internal interface IClock
    {
        /// <summary>The wall-clock time: what requests are signed with and the service's dates are compared to.</summary>
        DateTimeOffset UtcNow { get; }

        /// <summary>
        /// Time passed since a fixed start of this clock, never moved by changes to the wall clock: what
        /// pacing and the durations reported are measured with.
        /// </summary>
        TimeSpan Elapsed { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    internal sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        // The only place the module reads the real clock; BannedSymbols.txt keeps it so.
#pragma warning disable RS0030 // Banned API
        private readonly Stopwatch _sinceStart = Stopwatch.StartNew();

        private SystemClock() { }

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public TimeSpan Elapsed => _sinceStart.Elapsed;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
#pragma warning restore RS0030
    }
}
