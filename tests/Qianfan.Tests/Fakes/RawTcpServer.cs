using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// A loopback TCP server for what an HTTP server cannot script: a connection cut with no answer at
    /// all (HttpListener always sends one), or a proxy's CONNECT. Each connection is handed to
    /// <see cref="HandleAsync"/> with its number (1-based) and closed when that ends.
    /// </summary>
    internal abstract class RawTcpServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private int _connections;

        protected RawTcpServer()
        {
            _listener.Start();
            Task.Run(LoopAsync);
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public Uri BaseUri => new Uri($"http://127.0.0.1:{Port}");
        public int Connections => Volatile.Read(ref _connections);

        protected abstract Task HandleAsync(TcpClient client, NetworkStream stream, int number);

        /// <summary>Reads until <paramref name="complete"/> holds for what arrived, or the peer stops sending.</summary>
        protected static async Task<string> ReadUntilAsync(NetworkStream stream, Func<string, bool> complete)
        {
            var received = new StringBuilder();
            var buffer = new byte[8192];
            while (!complete(received.ToString()))
            {
                var read = await stream.ReadAsync(buffer, 0, buffer.Length);
                if (read == 0) break;
                received.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
            return received.ToString();
        }

        protected static Task WriteAsync(NetworkStream stream, string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return stream.WriteAsync(bytes, 0, bytes.Length);
        }

        private async Task LoopAsync()
        {
            while (true)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync(); }
                catch (Exception) { return; }
                var number = Interlocked.Increment(ref _connections);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try { await HandleAsync(client, client.GetStream(), number); }
                        catch (Exception) { /* a client that went away is no concern of the server's */ }
                    }
                });
            }
        }

        public void Dispose() => _listener.Stop();
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
            await ReadUntilAsync(stream, text => text.Contains("}")); // the head and the small JSON body
            if (number <= _dropCount)
            {
                client.Client.LingerState = new LingerOption(true, 0); // a reset, as a crashed gateway gives
                return;
            }
            await WriteAsync(stream, _response);
        }
    }
}
