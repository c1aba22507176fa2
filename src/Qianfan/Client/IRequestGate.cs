using System;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Client
{
    /// <summary>
    /// Admits HTTP attempts one at a time through a concurrency limit, and hears how each went so
    /// that the limit can follow the service (fewer requests in flight after a 429).
    /// </summary>
    public interface IRequestGate
    {
        Task<IDisposable> EnterAsync(CancellationToken cancellationToken);
        void ReportThrottled();
        void ReportClean();
    }

    /// <summary>A gate that admits everything at once, for single calls.</summary>
    public sealed class OpenRequestGate : IRequestGate
    {
        public static OpenRequestGate Instance { get; } = new OpenRequestGate();
        private static readonly Task<IDisposable> Admitted = Task.FromResult<IDisposable>(new NothingToRelease());

        public Task<IDisposable> EnterAsync(CancellationToken cancellationToken) => Admitted;
        public void ReportThrottled() { }
        public void ReportClean() { }

        private sealed class NothingToRelease : IDisposable
        {
            public void Dispose() { }
        }
    }
}
