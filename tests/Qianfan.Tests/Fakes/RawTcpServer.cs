using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A loopback TCP server for what an HTTP server cannot script: a connection cut with no answer at
    /// all (HttpListener always sends one), or a proxy's CONNECT. Each connection carries one request:
    /// it is read and recorded, then handed to <see cref="HandleAsync"/> with its number (1-based), and
    /// closed when that ends.
    /// </summary>
    internal abstract class RawTcpServer : LoopbackServer<TcpClient>
    {
        private readonly TcpListener _listener;

        protected RawTcpServer()
        {
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Start();
            Start();
        }

        /// <summary>Answers, or cuts, the connection whose request has been read.</summary>
        protected abstract Task HandleAsync(TcpClient client, NetworkStream stream, int number);

        protected static Task WriteAsync(NetworkStream stream, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return stream.WriteAsync(bytes, 0, bytes.Length);
        }

        protected override Task<TcpClient> AcceptAsync() => _listener.AcceptTcpClientAsync();

        /// <summary>The request line, the headers and as much body as Content-Length says.</summary>
        protected override async Task<RecordedRequest?> ReadAsync(TcpClient client)
        {
            var stream = client.GetStream();
            var received = new StringBuilder();
            var buffer = new byte[8192];
            int headEnd;
            while ((headEnd = received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)) < 0)
            {
                var read = await stream.ReadAsync(buffer.AsMemory());
                if (read == 0) return null; // the peer stopped before a whole request arrived
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            var lines = received.ToString(0, headEnd).Split(new[] { "\r\n" }, StringSplitOptions.None);
            var headers = new List<KeyValuePair<string, string>>();
            var length = 0;
            foreach (var line in lines[1..])
            {
                var colon = line.IndexOf(':');
                if (colon <= 0) continue;
                var name = line.Substring(0, colon).Trim();
                var value = line.Substring(colon + 1).Trim();
                headers.Add(new KeyValuePair<string, string>(name, value));
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = int.Parse(value, CultureInfo.InvariantCulture);
            }
            while (Encoding.UTF8.GetByteCount(received.ToString(headEnd + 4, received.Length - headEnd - 4)) < length)
            {
                var read = await stream.ReadAsync(buffer.AsMemory());
                if (read == 0) break;
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            var target = lines[0].Split(' ').Length > 1 ? lines[0].Split(' ')[1] : string.Empty;
            var pathAndQuery = Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
                ? absolute.PathAndQuery
                : target;
            return new RecordedRequest(lines[0], pathAndQuery, headers, received.ToString(headEnd + 4, received.Length - headEnd - 4));
        }

        protected override Task ServeAsync(TcpClient client, int number) => HandleAsync(client, client.GetStream(), number);

        protected override void Release(TcpClient client, bool failed) => client.Dispose();

        protected override void StopListening() => _listener.Stop();
    }

    /// <summary>Cuts the first <c>dropCount</c> connections once the request is in (no answer at all), then answers each later request with a fixed response.</summary>
    internal sealed class DroppingServer : RawTcpServer
    {
        private readonly int _dropCount;
        private readonly string _response;

        public DroppingServer(int dropCount, int status, string jsonBody)
        {
            _dropCount = dropCount;
            _response = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(jsonBody)}\r\nConnection: close\r\n\r\n{jsonBody}";
        }

        protected override async Task HandleAsync(TcpClient client, NetworkStream stream, int number)
        {
            if (number <= _dropCount)
            {
                client.Client.LingerState = new LingerOption(true, 0); // a reset, as a crashed gateway gives
                return;
            }
            await WriteAsync(stream, _response);
        }
    }
}
