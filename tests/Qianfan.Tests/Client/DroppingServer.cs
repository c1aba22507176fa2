using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Qianfan.Tests.Client
{
    /// <summary>
    /// A raw TCP server that drops the first <c>dropCount</c> connections after reading the request
    /// (no answer at all), then answers each later request with a fixed HTTP response.
    /// </summary>
    internal sealed class DroppingServer : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly int _dropCount;
        private readonly string _response;
        private int _connections;

        public DroppingServer(int dropCount, int status, string jsonBody)
        {
            _dropCount = dropCount;
            var body = Encoding.UTF8.GetBytes(jsonBody);
            _response = $"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{jsonBody}";
            _listener.Start();
            Task.Run(LoopAsync);
        }

        public Uri BaseUri => new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        public int Connections => Volatile.Read(ref _connections);

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
                        var stream = client.GetStream();
                        var buffer = new byte[8192];
                        var received = new StringBuilder();
                        // Read the head and the body (small JSON) before deciding.
                        while (!received.ToString().Contains("}"))
                        {
                            var read = await stream.ReadAsync(buffer, 0, buffer.Length);
                            if (read == 0) return;
                            received.Append(Encoding.UTF8.GetString(buffer, 0, read));
                        }
                        if (number <= _dropCount)
                        {
                            client.Client.LingerState = new LingerOption(true, 0);
                            return;
                        }
                        var bytes = Encoding.UTF8.GetBytes(_response);
                        await stream.WriteAsync(bytes, 0, bytes.Length);
                    }
                });
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
