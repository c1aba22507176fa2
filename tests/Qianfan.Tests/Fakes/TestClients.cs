using System;
using System.Net.Http;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;

namespace Qianfan.Tests.Fakes
{
    /// <summary>
    /// The one way tests build a <see cref="ConsoleClient"/>: stub keys, no retries, a session clock of its
    /// own (so no test's clock correction leaks into another's) and the machine's time, unless a test
    /// says otherwise. Pass <paramref name="time"/> a <see cref="FakeClock"/> and the client signs, times
    /// and waits on it; the session clock follows it unless one is given.
    /// </summary>
    internal static class TestClients
    {
        public static readonly QianfanCredential StubKeys = QianfanCredential.FromPlainText("stub-ak", "stub-secret-key");

        /// <summary>The endpoint a scripted console answers for: the vendor's, never reached.</summary>
        public static readonly QianfanEndpoint VendorEndpoint = QianfanEndpoint.Parse("https://qianfan.baidubce.com");

        /// <summary>A client of the console scripted by <paramref name="console"/>, in process.</summary>
        public static ConsoleClient Scripted(ScriptedConsole console, QianfanCredential? credential = null, RetryPolicy? retryPolicy = null,
            IClock? time = null, SessionClock? clock = null, IRequestGate? gate = null) =>
            To(VendorEndpoint, new HttpClient(console), credential, retryPolicy, time, clock, gate);

        /// <summary>A client of the service at <paramref name="baseUri"/> (a stub server on loopback, say).</summary>
        public static ConsoleClient To(Uri baseUri, HttpClient? http = null, QianfanCredential? credential = null, RetryPolicy? retryPolicy = null,
            IClock? time = null, SessionClock? clock = null, IRequestGate? gate = null, TimeSpan? attemptTimeout = null,
            Action<ConsoleClientOptions>? configure = null) =>
            To(QianfanEndpoint.FromUri(baseUri), http, credential, retryPolicy, time, clock, gate, attemptTimeout, configure);

        /// <param name="http">What sends the requests; the module's shared client when null.</param>
        /// <param name="configure">Sets whatever else a test needs on the options (response size limit, signature lifetime).</param>
        public static ConsoleClient To(QianfanEndpoint endpoint, HttpClient? http = null, QianfanCredential? credential = null, RetryPolicy? retryPolicy = null,
            IClock? time = null, SessionClock? clock = null, IRequestGate? gate = null, TimeSpan? attemptTimeout = null,
            Action<ConsoleClientOptions>? configure = null)
        {
            var machine = time ?? SystemClock.Instance;
            var options = new ConsoleClientOptions(endpoint, credential ?? StubKeys)
            {
                RetryPolicy = retryPolicy ?? new RetryPolicy(0),
                Clock = clock ?? new SessionClock(machine),
                Time = machine,
            };
            if (gate != null) options.Gate = gate;
            if (attemptTimeout.HasValue) options.AttemptTimeout = attemptTimeout.Value;
            configure?.Invoke(options);
            return new ConsoleClient(options, http);
        }
    }
}
