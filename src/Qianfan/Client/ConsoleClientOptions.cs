using System;
using System.Globalization;

namespace Qianfan.Client
{
    /// <summary>Everything a ConsoleClient needs besides the call itself.</summary>
    public sealed class ConsoleClientOptions
    {
        public const int DefaultExpirationSeconds = 1800;
        public const int DefaultTimeoutSeconds = 30;
        public const string ExpirationVariable = "QIANFAN_IAM_SIGN_EXPIRATION_SEC";

        public ConsoleClientOptions(QianfanEndpoint endpoint, QianfanCredential credential)
        {
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            Credential = credential ?? throw new ArgumentNullException(nameof(credential));
        }

        public QianfanEndpoint Endpoint { get; }
        public QianfanCredential Credential { get; }
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        public RetryPolicy RetryPolicy { get; set; } = new RetryPolicy();
        public int ExpirationSeconds { get; set; } = ExpirationFromEnvironment();
        public SessionClock Clock { get; set; } = SessionClock.Shared;

        /// <summary>
        /// What every request of this client passes through: concurrency, pacing, the run-wide stop.
        /// One gate per run; the default suits single calls.
        /// </summary>
        public IRequestGate Gate { get; set; } = new RequestGate(RequestGate.DefaultConcurrency);

        /// <summary>The largest answer read; anything bigger is refused rather than buffered.</summary>
        public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

        /// <summary>Keep each attempt's canonical request (token redacted) for -Debug.</summary>
        public bool CaptureCanonicalRequest { get; set; }

        private static int ExpirationFromEnvironment()
        {
            var text = Environment.GetEnvironmentVariable(ExpirationVariable);
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                ? seconds
                : DefaultExpirationSeconds;
        }
    }
}
