using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A stand-in HTTP proxy on loopback: records every request that reaches it
    /// ("CONNECT host:443 HTTP/1.1", "POST http://... HTTP/1.1") and answers each with a fixed status.
    /// </summary>
    internal sealed class LoggingProxy : RawTcpServer
    {
        private readonly string _answer;

        public LoggingProxy(int status = 502, string reason = "Bad Gateway", string extraHeaders = "")
        {
            _answer = $"HTTP/1.1 {status} {reason}\r\n{extraHeaders}Content-Length: 0\r\nConnection: close\r\n\r\n";
        }

        /// <summary>The first line of every request that reached the proxy, in the order they arrived.</summary>
        public IEnumerable<string> RequestLines => Requests.Select(r => r.RequestLine);

        /// <summary>The proxy's URL, with <paramref name="userInfo"/> ("user:password") in it when given.</summary>
        public Uri Url(string? userInfo = null) =>
            new Uri($"http://{(userInfo == null ? string.Empty : userInfo + "@")}127.0.0.1:{Port}/");

        protected override Task HandleAsync(TcpClient client, NetworkStream stream, int number) => WriteAsync(stream, _answer);
    }
}
