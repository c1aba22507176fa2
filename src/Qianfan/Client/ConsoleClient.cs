using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Qianfan.Signing;

namespace Qianfan.Client
{
    /// <summary>
    /// Sends console actions: signs each attempt afresh, retries what is safe to retry, and ends
    /// either in the answer's <c>result</c> or in one QianfanServiceException.
    /// </summary>
    public sealed class ConsoleClient
    {
        public const string RequestExpiredCode = "RequestExpired";

        private static readonly MediaTypeHeaderValue JsonContentType = new MediaTypeHeaderValue("application/json");
        private readonly ConsoleClientOptions _options;
        private readonly HttpClient _http;

        public ConsoleClient(ConsoleClientOptions options, HttpClient http = null)
        {
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _http = http ?? QianfanHttp.Shared;
        }

        public ConsoleClientOptions Options => _options;

        public async Task<ConsoleResult> SendAsync(ConsoleCall call, IRequestGate gate = null, CancellationToken cancellationToken = default)
        {
            gate = gate ?? OpenRequestGate.Instance;
            var attempts = new List<AttemptRecord>();
            var total = Stopwatch.StartNew();
            var retries = 0;
            var clockCorrected = false;
            var mayHaveReached = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    JsonElement result;
                    string requestId;
                    using (await gate.EnterAsync(cancellationToken).ConfigureAwait(false))
                    {
                        result = await SendOnceAsync(call, attempts, cancellationToken).ConfigureAwait(false);
                        requestId = attempts[attempts.Count - 1].RequestId;
                    }
                    gate.ReportClean();
                    return new ConsoleResult(result, requestId, attempts[attempts.Count - 1].HttpStatus ?? 200, attempts, total.Elapsed, mayHaveReached);
                }
                catch (QianfanServiceException failure)
                {
                    if (failure.HttpStatus == 429) gate.ReportThrottled();
                    if (!clockCorrected && IsClockSkew(failure))
                    {
                        // The clock was corrected as the answer came in (SendOnceAsync); try once more.
                        clockCorrected = true;
                        continue;
                    }
                    if (!RetryPolicy.IsTransient(failure) || retries >= _options.RetryPolicy.MaxRetryCount)
                    {
                        failure.Attempts = attempts;
                        failure.EarlierAttemptMayHaveReachedService = mayHaveReached;
                        throw;
                    }
                    mayHaveReached |= failure.MayHaveReachedService;
                    retries++;
                    await Task.Delay(_options.RetryPolicy.DelayBefore(retries, failure.RetryAfter), cancellationToken).ConfigureAwait(false);
                }
            }
        }

        private async Task<JsonElement> SendOnceAsync(ConsoleCall call, List<AttemptRecord> attempts, CancellationToken cancellationToken)
        {
            var attemptNumber = attempts.Count + 1;
            var watch = Stopwatch.StartNew();
            string canonical;
            using (var request = BuildSignedRequest(call, out canonical))
            using (var attemptLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptLimit.CancelAfter(_options.AttemptTimeout);
                HttpResponseMessage response = null;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptLimit.Token).ConfigureAwait(false);
                    var body = await ReadBodyAsync(call.Action, response, attemptLimit.Token).ConfigureAwait(false);
                    string requestId = null;
                    try
                    {
                        var result = ResponseInterpreter.Interpret(call.Action, response, body, out requestId);
                        attempts.Add(new AttemptRecord(call.Action, attemptNumber, (int)response.StatusCode, requestId, watch.Elapsed, "OK", canonical));
                        return result;
                    }
                    catch (QianfanServiceException failure)
                    {
                        attempts.Add(new AttemptRecord(call.Action, attemptNumber, failure.HttpStatus, failure.RequestId, watch.Elapsed,
                            failure.ErrorCode ?? "not the service's JSON", canonical));
                        // Adopt the service's time at once, while this attempt still holds its place at the
                        // gate, so that the requests waiting behind it are signed with the corrected clock.
                        if (IsClockSkew(failure)) ClockCorrection.Apply(_options.Clock, failure);
                        throw;
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    var seconds = (int)Math.Round(_options.AttemptTimeout.TotalSeconds);
                    attempts.Add(new AttemptRecord(call.Action, attemptNumber, null, null, watch.Elapsed, "timed out", canonical));
                    throw new QianfanServiceException(FailureKind.Timeout, call.Action, null, null, null, null,
                        $"no answer within {seconds} s (raise -TimeoutSec if the service is slow)") { MayHaveReachedService = true };
                }
                catch (Exception error) when (error is HttpRequestException || error is IOException || error is SocketException)
                {
                    var refused = IsRefused(error);
                    attempts.Add(new AttemptRecord(call.Action, attemptNumber, null, null, watch.Elapsed,
                        refused ? "connection refused" : "connection failed", canonical));
                    throw new QianfanServiceException(FailureKind.Connection, call.Action, null, null, null, null,
                        DescribeConnectionFailure(error, refused), error) { MayHaveReachedService = !refused };
                }
                finally
                {
                    response?.Dispose();
                }
            }
        }

        private static bool IsClockSkew(QianfanServiceException failure) =>
            failure.ErrorCode == RequestExpiredCode && failure.ServerDate.HasValue;

        private HttpRequestMessage BuildSignedRequest(ConsoleCall call, out string canonicalForDebug)
        {
            var endpoint = _options.Endpoint;
            var credential = _options.Credential;
            var now = _options.Clock.UtcNow;
            var timestamp = BceV1Signer.FormatTimestamp(now);
            var token = credential.SecurityTokenText();

            var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseUri, call.Route + "?Action=" + Uri.EscapeDataString(call.Action)));
            request.Headers.Host = endpoint.HostHeader;
            request.Headers.TryAddWithoutValidation("x-bce-date", timestamp);
            if (token != null) request.Headers.TryAddWithoutValidation("x-bce-security-token", token);
            request.Content = new ByteArrayContent(call.JsonBody);
            request.Content.Headers.ContentType = JsonContentType;

            var signedHeaders = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("host", endpoint.HostHeader),
                new KeyValuePair<string, string>("x-bce-date", timestamp),
                new KeyValuePair<string, string>("content-type", JsonContentType.MediaType),
            };
            if (token != null) signedHeaders.Add(new KeyValuePair<string, string>("x-bce-security-token", token));
            var signingRequest = new BceSigningRequest("POST", call.Route,
                new[] { new KeyValuePair<string, string>("Action", call.Action) }, signedHeaders, null);

            var secret = credential.SecretKeyUtf8();
            try
            {
                var signature = BceV1Signer.Sign(signingRequest, credential.AccessKey, secret, now, _options.ExpirationSeconds);
                request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
                canonicalForDebug = _options.CaptureCanonicalRequest ? CanonicalRequestRedaction.Redact(signature.CanonicalRequest("POST")) : null;
            }
            finally
            {
                Array.Clear(secret, 0, secret.Length);
            }
            return request;
        }

        private async Task<byte[]> ReadBodyAsync(string action, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var limit = _options.MaxResponseBytes;
            if (response.Content == null) return new byte[0];
            if (response.Content.Headers.ContentLength > limit) throw ResponseInterpreter.TooLarge(action, response, limit);
            using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            using (var buffer = new MemoryStream())
            {
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit) throw ResponseInterpreter.TooLarge(action, response, limit);
                    buffer.Write(chunk, 0, read);
                }
                return buffer.ToArray();
            }
        }

        private static bool IsRefused(Exception error)
        {
            for (var e = error; e != null; e = e.InnerException)
                if (e is SocketException socket && (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound))
                    return true;
            return false;
        }

        private string DescribeConnectionFailure(Exception error, bool refused)
        {
            var innermost = error;
            while (innermost.InnerException != null) innermost = innermost.InnerException;
            var reason = refused
                ? $"nothing accepted the connection at {ConnectionRoute.Describe(_options.Endpoint)}"
                : $"the connection to {ConnectionRoute.Describe(_options.Endpoint)} broke before an answer came ({innermost.Message.TrimEnd('.')})";
            return reason;
        }
    }
}
