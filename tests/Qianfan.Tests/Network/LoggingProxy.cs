using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Network
{
    /// <summary>
    /// A stand-in HTTP proxy on loopback: records the first line of every request that reaches it
    /// ("CONNECT host:443 HTTP/1.1", "POST http://... HTTP/1.1") and answers each with a fixed status.
    /// </summary>
    internal sealed class LoggingProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly string _answer;

        public LoggingProxy(int status = 502, string reason = "Bad Gateway", string extraHeaders = "")
        {
            _answer = $"HTTP/1.1 {status} {reason}\r\n{extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n";
            _listener.Start();
            Task.Run(LoopAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public ConcurrentQueue<string> RequestLines { get; } = new ConcurrentQueue<string>();

        /// <summary>The proxy's URL, with <paramref name="userInfo"/> ("user:password") in it when given.</summary>
        public Uri Url(string userInfo = null) =>
            new Uri($"http://{(userInfo == null ? string.Empty : userInfo + "@")}127.0.0.1:{Port}/");

        private async Task LoopAsync()
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                _ = Task.Run(() => AnswerAsync(client));
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    var stream = client.GetStream();
                    var head = new StringBuilder();
                    var buffer = new byte[4096];
                    while (head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal) < 0)
                    {
                        var read = await stream.ReadAsync(buffer, 0, buffer.Length);
                        if (read == 0) break;
                        head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                    var text = head.ToString();
                    var end = text.IndexOf("\r\n", StringComparison.Ordinal);
                    RequestLines.Enqueue(end < 0 ? text : text.Substring(0, end));
                    var answer = Encoding.ASCII.GetBytes(_answer);
                    await stream.WriteAsync(answer, 0, answer.Length);
                }
                catch (Exception)
                {
                    // A client that went away is no concern of the proxy's log.
                }
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
