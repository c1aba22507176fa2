using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A scripted HTTP server on loopback, for what only a real connection shows (proxies, refused
    /// connections, time-outs): each request is recorded, then answered or left unanswered by the
    /// test's handler, which gets the request's number (1-based). Where no socket is needed,
    /// <see cref="ScriptedConsole"/> answers in process; below HTTP (a connection cut with no answer,
    /// a proxy), <see cref="RawTcpServer"/>.
    /// </summary>
    internal sealed class StubServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<HttpListenerContext, int, Task> _handler;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _count;

        public StubServer(Func<HttpListenerContext, int, Task> handler)
        {
            _handler = handler;
            Port = UnusedPort();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            Task.Run(LoopAsync);
        }

        public int Port { get; }
        public Uri BaseUri => new Uri($"http://127.0.0.1:{Port}");
        public int RequestCount => Volatile.Read(ref _count);
        public ConcurrentQueue<RecordedRequest> Requests { get; } = new ConcurrentQueue<RecordedRequest>();

        public static async Task Reply(HttpListenerContext context, int status, string body, string contentType = "application/json")
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length);
            context.Response.Close();
        }

        /// <summary>Reads the request and never answers; the client's own time limit must end the wait.</summary>
        public static Task NeverAnswer(HttpListenerContext context) => Task.Delay(Timeout.Infinite);

        /// <summary>A loopback address where nothing listens, so a connection there is refused.</summary>
        public static Uri NothingListening() => new Uri($"http://127.0.0.1:{UnusedPort()}");

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    return;
                }
                var number = Interlocked.Increment(ref _count);
                string body;
                using (var reader = new System.IO.StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
                var headers = context.Request.Headers.AllKeys.Select(name => new KeyValuePair<string, string>(name, context.Request.Headers[name]));
                Requests.Enqueue(new RecordedRequest(context.Request.Url.PathAndQuery, headers, body));
                _ = Task.Run(async () =>
                {
                    try { await _handler(context, number); }
                    catch (Exception) { try { context.Response.Abort(); } catch (Exception) { } }
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
            _stop.Cancel();
            try { _listener.Stop(); } catch (ObjectDisposedException) { }
            _listener.Close();
        }
    }
}
