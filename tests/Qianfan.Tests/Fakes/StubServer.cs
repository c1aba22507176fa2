using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
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
    internal sealed class StubServer : LoopbackServer<HttpListenerContext>
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<HttpListenerContext, int, Task> _handler;

        public StubServer(Func<HttpListenerContext, int, Task> handler)
        {
            _handler = handler;
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            Start();
        }

        public static async Task Reply(HttpListenerContext context, int status, string body, string contentType = "application/json")
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes.AsMemory());
            context.Response.Close();
        }

        /// <summary>Reads the request and never answers; the client's own time limit must end the wait.</summary>
        public static Task NeverAnswer(HttpListenerContext context) => Task.Delay(Timeout.Infinite);

        protected override Task<HttpListenerContext> AcceptAsync() => _listener.GetContextAsync();

        protected override async Task<RecordedRequest?> ReadAsync(HttpListenerContext context)
        {
            string body;
            using (var reader = new System.IO.StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
            var request = context.Request;
            var headers = request.Headers.AllKeys.OfType<string>().Select(name => new KeyValuePair<string, string>(name, request.Headers[name] ?? string.Empty));
            return new RecordedRequest($"{request.HttpMethod} {request.RawUrl} HTTP/{request.ProtocolVersion}", request.Url?.PathAndQuery ?? string.Empty, headers, body);
        }

        protected override Task ServeAsync(HttpListenerContext context, int number) => _handler(context, number);

        protected override void Release(HttpListenerContext context, bool failed)
        {
            if (failed) context.Response.Abort();
        }

        protected override void StopListening()
        {
            try { _listener.Stop(); } catch (ObjectDisposedException) { }
            // Linux's managed listener looks its port up again to close, and fails when the port is taken
            // by then (another test's listener, say): the listener stopped above, so nothing is left to release.
            try { _listener.Close(); } catch (HttpListenerException) { }
        }
    }
}
