using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// What every fake server on loopback shares: a port of its own, an accept loop that numbers each
    /// request it accepts (1-based), records it and hands it to the subclass on a task of its own, and
    /// stopping. <see cref="StubServer"/> accepts HTTP requests; <see cref="RawTcpServer"/> accepts
    /// connections, for what HTTP cannot script (a cut connection, a proxy).
    /// </summary>
    /// <typeparam name="TExchange">What one accept gives: an HTTP request and its response, or a connection.</typeparam>
    internal abstract class LoopbackServer<TExchange> : IDisposable where TExchange : class
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private int _accepted;

        protected LoopbackServer()
        {
            Port = UnusedPort();
        }

        public int Port { get; }
        public Uri BaseUri => new Uri($"http://127.0.0.1:{Port}");

        /// <summary>How many requests were accepted, counted as they arrive (before they are answered).</summary>
        public int RequestCount => Volatile.Read(ref _accepted);

        /// <summary>Every request that arrived, as it was read.</summary>
        public ConcurrentQueue<RecordedRequest> Requests { get; } = new ConcurrentQueue<RecordedRequest>();

        /// <summary>A loopback address where nothing listens, so a connection there is refused.</summary>
        public static Uri NothingListening() => new Uri($"http://127.0.0.1:{UnusedPort()}");

        /// <summary>Starts the accept loop; a subclass calls it once it listens on <see cref="Port"/>.</summary>
        protected void Start() => Task.Run(AcceptLoopAsync);

        /// <summary>The next request; throws once the listener has stopped.</summary>
        protected abstract Task<TExchange> AcceptAsync();

        /// <summary>Reads what was sent, for the record; null when nothing arrived.</summary>
        protected abstract Task<RecordedRequest?> ReadAsync(TExchange exchange);

        protected abstract Task ServeAsync(TExchange exchange, int number);

        /// <summary>Ends an exchange whose serving failed, and releases it.</summary>
        protected abstract void Release(TExchange exchange, bool failed);

        protected abstract void StopListening();

        private async Task AcceptLoopAsync()
        {
            while (!_stopping.IsCancellationRequested)
            {
                TExchange exchange;
                try
                {
                    exchange = await AcceptAsync();
                }
                catch (Exception)
                {
                    return; // the listener stopped
                }
                var number = Interlocked.Increment(ref _accepted);
                _ = Task.Run(async () =>
                {
                    var failed = false;
                    try
                    {
                        var request = await ReadAsync(exchange);
                        if (request != null) Requests.Enqueue(request);
                        await ServeAsync(exchange, number);
                    }
                    catch (Exception)
                    {
                        failed = true; // a client that went away, or a script that gave up: no concern of the server's
                    }
                    finally
                    {
                        try { Release(exchange, failed); } catch (Exception) { }
                    }
                });
            }
        }

        private static int UnusedPort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose()
        {
            _stopping.Cancel();
            StopListening();
        }
    }
}
