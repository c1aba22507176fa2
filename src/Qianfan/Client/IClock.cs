using System;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Client
{
    /// <summary>
    /// The machine's time, as the client reads it and waits on it: the real one in the module, a
    /// hand-driven one in tests, so a test can check how long a retry waited without waiting.
    /// </summary>
    internal interface IClock
    {
        DateTimeOffset UtcNow { get; }

        Task Delay(TimeSpan delay, CancellationToken cancellationToken);
    }

    internal sealed class SystemClock : IClock
    {
        public static readonly SystemClock Instance = new SystemClock();

        private SystemClock() { }

        public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

        public Task Delay(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
    }
}
