using System;
using Qianfan.Client.Retry;
using Qianfan.Connection;
using Qianfan.Runs.Gate;

namespace Qianfan.Client.Http
{
    /// <summary>Everything a ConsoleClient needs besides the call itself.</summary>
    internal sealed class ConsoleClientOptions
    {
        public const int DefaultTimeoutSeconds = 30;

        private int _expirationSeconds = SignatureLifetime.DefaultSeconds;

        public ConsoleClientOptions(QianfanEndpoint endpoint, QianfanCredential credential)
        {
            Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
            Credential = credential ?? throw new ArgumentNullException(nameof(credential));
            Clock = SessionClock.ForEndpoint(endpoint);
        }

        public QianfanEndpoint Endpoint { get; }
        public QianfanCredential Credential { get; }
        public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);
        public RetryPolicy RetryPolicy { get; set; } = new RetryPolicy();

        /// <summary>How long each signature is valid, in seconds (<see cref="SignatureLifetime"/>: 60 to 3600, default 300).</summary>
        public int ExpirationSeconds
        {
            get => _expirationSeconds;
            set => _expirationSeconds = SignatureLifetime.InRange(value)
                ? value
                : throw new ArgumentOutOfRangeException(nameof(value), value,
                    $"A signature lifetime is {SignatureLifetime.MinSeconds} to {SignatureLifetime.MaxSeconds} seconds.");
        }

        /// <summary>The clock requests are signed with; by default the one this process keeps for the endpoint.</summary>
        public SessionClock Clock { get; set; }

        /// <summary>What retries wait on and attempts are timed with: the machine's clock, or a hand-driven one in tests.</summary>
        internal IClock Time { get; set; } = SystemClock.Instance;

        /// <summary>
        /// What every request of this client passes through: concurrency, pacing, the run-wide stop.
        /// One gate per run; the default suits single calls.
        /// </summary>
        public IRequestGate Gate { get; set; } = new RequestGate(RequestGate.DefaultConcurrency);

        /// <summary>The largest answer read; anything bigger is refused rather than buffered.</summary>
        public int MaxResponseBytes { get; set; } = 16 * 1024 * 1024;

        /// <summary>Keep each attempt's canonical request (token redacted) for -Debug.</summary>
        public bool CaptureCanonicalRequest { get; set; }
    }
}
