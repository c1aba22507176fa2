using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Client;

namespace Qianfan.Tests.Listing
{
    /// <summary>One request as the console client sent it: action, headers and parsed body.</summary>
    internal sealed class SentRequest
    {
        public SentRequest(HttpRequestMessage request, string body)
        {
            Uri = request.RequestUri;
            Action = Uri.Query.StartsWith("?Action=", StringComparison.Ordinal) ? Uri.UnescapeDataString(Uri.Query.Substring(8)) : null;
            Body = JsonDocument.Parse(body).RootElement.Clone();
            foreach (var header in request.Headers) Headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
            if (request.Content != null)
                foreach (var header in request.Content.Headers) Headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        }

        public Uri Uri { get; }
        public string Action { get; }
        public JsonElement Body { get; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>
    /// An HTTP handler that answers console requests from a script, and records every request, so
    /// that client-layer classes can be driven without a server.
    /// </summary>
    internal sealed class ScriptedConsole : HttpMessageHandler
    {
        private readonly Func<SentRequest, (HttpStatusCode Status, string Json)> _answer;

        public ScriptedConsole(Func<SentRequest, (HttpStatusCode Status, string Json)> answer) => _answer = answer;

        public List<SentRequest> Requests { get; } = new List<SentRequest>();

        /// <summary>A success answer carrying <paramref name="resultJson"/> as its result.</summary>
        public static (HttpStatusCode, string) Result(string resultJson) =>
            (HttpStatusCode.OK, "{\"requestId\":\"req-" + Guid.NewGuid().ToString("N") + "\",\"result\":" + resultJson + "}");

        public static (HttpStatusCode, string) Error(HttpStatusCode status, string code, string message) =>
            (status, JsonSerializer.Serialize(new { requestId = "req-error", code, message }));

        public ConsoleClient Client(QianfanCredential credential = null, SessionClock clock = null, int maxRetryCount = 0) =>
            new ConsoleClient(
                new ConsoleClientOptions(QianfanEndpoint.Parse("https://qianfan.baidubce.com"),
                    credential ?? QianfanCredential.FromPlainText("AKTESTLISTING000000000000", "sk-test-listing"))
                {
                    RetryPolicy = new RetryPolicy(maxRetryCount, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(5)),
                    Clock = clock ?? new SessionClock(),
                },
                new HttpClient(this));

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content == null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
            SentRequest sent;
            lock (Requests)
            {
                sent = new SentRequest(request, body);
                Requests.Add(sent);
            }
            var (status, json) = _answer(sent);
            return new HttpResponseMessage(status)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
                RequestMessage = request,
            };
        }
    }
}
