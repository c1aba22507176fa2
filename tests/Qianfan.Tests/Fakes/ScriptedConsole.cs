using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// The console service in process: an HTTP handler that records every request and answers it
    /// from the test's script, so that client-layer classes are driven without a socket. Where the
    /// connection itself matters, <see cref="StubServer"/> is the same idea on loopback.
    /// </summary>
    internal sealed class ScriptedConsole : HttpMessageHandler
    {
        private readonly Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> _answer;

        /// <summary>Answers each request with a status and a JSON body.</summary>
        public ScriptedConsole(Func<RecordedRequest, (HttpStatusCode Status, string Json)> answer)
            : this(request => Json(answer(request)))
        {
        }

        /// <summary>Answers each request with the response the script builds (headers of any kind).</summary>
        public ScriptedConsole(Func<RecordedRequest, HttpResponseMessage> answer)
            : this((request, _) => Task.FromResult(answer(request)))
        {
        }

        /// <summary>Answers each request when the script's task ends; a script may wait until the client gives up.</summary>
        public ScriptedConsole(Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> answer) => _answer = answer;

        public List<RecordedRequest> Requests { get; } = new List<RecordedRequest>();

        /// <summary>A success answer carrying <paramref name="resultJson"/> as its result.</summary>
        public static (HttpStatusCode, string) Result(string resultJson) =>
            (HttpStatusCode.OK, "{\"requestId\":\"req-" + Guid.NewGuid().ToString("N") + "\",\"result\":" + resultJson + "}");

        /// <summary>The response for a status and a JSON body.</summary>
        public static HttpResponseMessage Json((HttpStatusCode Status, string Json) answer) =>
            new HttpResponseMessage(answer.Status) { Content = new StringContent(answer.Json, Encoding.UTF8, "application/json") };

        public static (HttpStatusCode, string) Error(HttpStatusCode status, string code, string message) =>
            (status, JsonSerializer.Serialize(new { requestId = "req-error", code, message }));

        /// <summary>A client of this console (<see cref="TestClients.Scripted"/>) whose retries wait at most a few milliseconds.</summary>
        public ConsoleClient Client(QianfanCredential? credential = null, SessionClock? clock = null, int maxRetryCount = 0) =>
            TestClients.Scripted(this, credential ?? QianfanCredential.FromPlainText("AKTESTLISTING000000000000", "sk-test-listing"),
                new RetryPolicy(maxRetryCount, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)), clock: clock);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));
            var target = request.RequestUri?.PathAndQuery ?? string.Empty;
            var sent = new RecordedRequest($"{request.Method} {target} HTTP/{request.Version}", target, headers, body);
            lock (Requests) Requests.Add(sent);
            var response = await _answer(sent, cancellationToken);
            response.RequestMessage = request;
            return response;
        }
    }
}
