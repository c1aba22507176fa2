using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Protocol;
using Qianfan.Tests.Fakes;
using Xunit;

namespace Qianfan.Tests.Client.Http
{
    /// <summary>
    /// An answer whose headers arrive and whose body then stalls must still end at the attempt's time
    /// limit and at Ctrl+C. .NET Framework's handler ignores the token once the headers are in; the
    /// <see cref="IgnoresCancellationStream"/> body reads the same way, so these tests hold it to that.
    /// </summary>
    public class StalledBodyTests
    {
        /// <summary>Longer than any of these tests needs; a read that outlives it was never cut off.</summary>
        private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

        private static ConsoleClient ClientFor(HttpMessageHandler handler, Uri endpoint, TimeSpan timeout) =>
            TestClients.To(endpoint, QianfanHttp.Over(handler), attemptTimeout: timeout);

        private static Task<ConsoleResult> Describe(ConsoleClient client, CancellationToken cancellationToken = default) =>
            client.SendAsync(ConsoleCall.ForTask(ServiceProtocol.Actions.DescribeBatchInferenceTask, "infer-1"), cancellationToken);

        private static async Task<T> WithinGuard<T>(Task<T> call)
        {
            var first = await Task.WhenAny(call, Task.Delay(Guard));
            Assert.True(first == call, $"the body read was still going after {Guard.TotalSeconds} s: the stalled body was not cut off");
            return await call;
        }

        private static ScriptedConsole StallingConsole(IgnoresCancellationStream body) =>
            new ScriptedConsole(_ => new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StreamContent(body) { Headers = { { "Content-Type", "application/json" } } },
            });

        [Fact]
        public async Task ABodyThatStallsAfterTheHeadersEndsAtTheTimeLimitAsATimeout()
        {
            var body = new IgnoresCancellationStream("{\"requestId\":\"r-1\",\"res");
            var client = ClientFor(StallingConsole(body), new Uri("https://qianfan.baidubce.com"), TimeSpan.FromMilliseconds(300));

            var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => WithinGuard(Describe(client)));

            Assert.Equal(FailureKind.Timeout, failure.Kind);
            Assert.Contains("-TimeoutSec", failure.Message);
            Assert.True(body.Disposed);
        }

        [Fact]
        public async Task ABodyThatStallsEndsWhenTheCallIsCancelled()
        {
            var body = new IgnoresCancellationStream("{\"requestId\":");
            var client = ClientFor(StallingConsole(body), new Uri("https://qianfan.baidubce.com"), TimeSpan.FromMinutes(5));
            using (var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WithinGuard(Describe(client, ctrlC.Token)));
            }
            Assert.True(body.Disposed);
        }

        [Fact]
        public async Task ABodyTrickledOverLoopbackEndsAtTheTimeLimit()
        {
            using (var server = new TricklingServer())
            {
                var client = ClientFor(new HttpClientHandler { UseProxy = false }, server.BaseUri, TimeSpan.FromSeconds(1));

                var failure = await Assert.ThrowsAsync<QianfanServiceException>(() => WithinGuard(Describe(client)));

                Assert.Equal(FailureKind.Timeout, failure.Kind);
                Assert.Equal(1, server.RequestCount);
            }
        }

        /// <summary>Sends the headers of a 64 KiB answer, then one byte every 100 ms.</summary>
        private sealed class TricklingServer : RawTcpServer
        {
            protected override async Task HandleAsync(TcpClient client, NetworkStream stream, int number)
            {
                await WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n\r\n{");
                try
                {
                    for (var i = 0; i < 600; i++)
                    {
                        await Task.Delay(100);
                        await WriteAsync(stream, " ");
                    }
                }
                catch (IOException)
                {
                    // The client hung up: what the test wants.
                }
            }
        }

        /// <summary>
        /// A body that gives its prefix and then never another byte, whatever token a read is given, as
        /// .NET Framework's response stream does; only disposing it ends a pending read.
        /// </summary>
        private sealed class IgnoresCancellationStream : Stream
        {
            private readonly byte[] _prefix;
            private readonly TaskCompletionSource<int> _stalled = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _position;

            public IgnoresCancellationStream(string prefix) => _prefix = Encoding.UTF8.GetBytes(prefix);

            public bool Disposed { get; private set; }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                ObjectDisposedException.ThrowIf(Disposed, this);
                if (_position >= _prefix.Length) return _stalled.Task;
                var n = Math.Min(count, _prefix.Length - _position);
                Array.Copy(_prefix, _position, buffer, offset, n);
                _position += n;
                return Task.FromResult(n);
            }

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var array = new byte[buffer.Length];
                return new ValueTask<int>(ReadAsync(array, 0, array.Length, cancellationToken).ContinueWith(t =>
                {
                    array.AsSpan(0, t.Result).CopyTo(buffer.Span);
                    return t.Result;
                }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
            }

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            protected override void Dispose(bool disposing)
            {
                Disposed = true;
                _stalled.TrySetException(new IOException("The response was disposed while its body was being read."));
                base.Dispose(disposing);
            }

            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override void Flush() { }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }
}
