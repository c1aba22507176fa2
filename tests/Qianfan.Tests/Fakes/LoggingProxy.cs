using System;
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A stand-in HTTP proxy on loopback: records the first line of every request that reaches it
    /// ("CONNECT host:443 HTTP/1.1", "POST http://... HTTP/1.1") and answers each with a fixed status.
    /// </summary>
    internal sealed class LoggingProxy : RawTcpServer
    {
        private readonly string _answer;

        public LoggingProxy(int status = 502, string reason = "Bad Gateway", string extraHeaders = "")
        {
            _answer = $"HTTP/1.1 {status} {reason}\r\n{extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n";
        }

        public ConcurrentQueue<string> RequestLines { get; } = new ConcurrentQueue<string>();

        /// <summary>The proxy's URL, with <paramref name="userInfo"/> ("user:password") in it when given.</summary>
        public Uri Url(string userInfo = null) =>
            new Uri($"http://{(userInfo == null ? string.Empty : userInfo + "@")}127.0.0.1:{Port}/");

        protected override async Task HandleAsync(TcpClient client, NetworkStream stream, int number)
        {
            var head = await ReadUntilAsync(stream, text => text.IndexOf("\r\n\r\n", StringComparison.Ordinal) >= 0);
            var end = head.IndexOf("\r\n", StringComparison.Ordinal);
            RequestLines.Enqueue(end < 0 ? head : head.Substring(0, end));
            await WriteAsync(stream, _answer);
        }
    }
}
