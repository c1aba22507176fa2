using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Client
{
    /// <summary>A scripted HTTP server on loopback: each request is answered by the test's handler and recorded.</summary>
    internal sealed class StubServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<HttpListenerContext, int, Task> _handler;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _count;

        public StubServer(Func<HttpListenerContext, int, Task> handler)
        {
            _handler = handler;
            Port = FreePort();
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
                Requests.Enqueue(new RecordedRequest(context.Request.Url.PathAndQuery, context.Request.Headers["Authorization"],
                    context.Request.Headers["x-bce-date"], context.Request.Headers["User-Agent"], context.Request.Headers["Host"], body));
                _ = Task.Run(async () =>
                {
                    try { await _handler(context, number); }
                    catch (Exception) { try { context.Response.Abort(); } catch (Exception) { } }
                });
            }
        }

        private static int FreePort()
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

        internal sealed class RecordedRequest
        {
            public RecordedRequest(string pathAndQuery, string authorization, string date, string userAgent, string host, string body)
            {
                PathAndQuery = pathAndQuery; Authorization = authorization; Date = date; UserAgent = userAgent; Host = host; Body = body;
            }

            public string PathAndQuery { get; }
            public string Authorization { get; }
            public string Date { get; }
            public string UserAgent { get; }
            public string Host { get; }
            public string Body { get; }
            public DateTime ReceivedAt { get; } = DateTime.UtcNow;
        }
    }
}
