using System;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;
using Qianfan.Records;
using Qianfan.Runs;
using Qianfan.Runs.Gate;

namespace Qianfan.Cmdlets
{
    /// <summary>What every Qianfan cmdlet that calls the service shares: retry and timeout settings, the client, the pipeline stop, and stream helpers.</summary>
    public abstract class QianfanCommand : QianfanConnectionCommand, IDisposable
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected QianfanCommand() { }

        private readonly PipelineStop _stop = new PipelineStop();

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = RetryPolicy.DefaultMaxRetryCount;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = ConsoleClientOptions.DefaultTimeoutSeconds;

        /// <summary>The most requests per second this command starts, for a quota shared with other jobs; without it the run finds the service's rate itself.</summary>
        [Parameter]
        [ValidateRange(0.01, 100000.0)]
        public double MaxRequestsPerSecond { get; set; }

        /// <summary>How long the run may be throttled with no request getting through before the throttled ids fail.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int ThrottleTimeoutSec { get; set; } = RequestGate.DefaultThrottleTimeoutSeconds;

        private QianfanCredential? _ownCredential;
        private bool? _verboseEnabled;
        private bool? _debugEnabled;

        internal bool VerboseEnabled => _verboseEnabled ?? (_verboseEnabled = StreamEnabled("Verbose", "VerbosePreference")).Value;
        private protected bool DebugEnabled => _debugEnabled ?? (_debugEnabled = StreamEnabled("Debug", "DebugPreference")).Value;

        /// <summary>The limits of this command's requests, from its parameters, with <paramref name="concurrency"/> in flight at most.</summary>
        internal RunLimits LimitsOfRequests(int concurrency) =>
            new RunLimits(concurrency, MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestsPerSecond)) ? MaxRequestsPerSecond : (double?)null,
                TimeSpan.FromSeconds(ThrottleTimeoutSec), stopsAtFirstFailure: ErrorActionIsStop);

        /// <summary>A client whose requests pass a gate of their own (a command that is not a run over ids).</summary>
        private protected ConsoleClient CreateClient() => CreateClient(LimitsOfRequests(RequestGate.DefaultConcurrency).NewGate());

        /// <summary>
        /// Resolves keys and endpoint and builds a client whose requests pass <paramref name="gate"/>; a terminating
        /// error, before any request, when that fails.
        /// </summary>
        internal ConsoleClient CreateClient(IRequestGate gate)
        {
            var settings = ResolveSettings();
            _ownCredential = settings.OwnCredential;
            var credential = settings.Credential;
            if (credential == null)
            {
                ThrowTerminatingError(ErrorRecordFactory.Configuration(new InvalidOperationException(KeysAndEndpoint.NoCredentialMessage),
                    ErrorRecordFactory.NoCredentialError, ErrorCategory.AuthenticationError));
                return null!; // Not reached: ThrowTerminatingError always throws.
            }
            if (VerboseEnabled)
                WriteVerbose($"Using endpoint {settings.Endpoint} ({settings.EndpointSource}) and access key {credential.MaskedAccessKey} ({settings.CredentialSource}).");

            var options = new ConsoleClientOptions(settings.Endpoint, credential)
            {
                Gate = gate,
                AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec),
                RetryPolicy = new RetryPolicy(MaxRetryCount),
                ExpirationSeconds = SignatureLifetimeSetting(),
                CaptureCanonicalRequest = DebugEnabled,
            };
            return new ConsoleClient(options);
        }

        /// <summary>QIANFAN_IAM_SIGN_EXPIRATION_SEC, or the default; a terminating error, before any request, when it is out of range.</summary>
        private int SignatureLifetimeSetting()
        {
            try
            {
                return SignatureLifetime.FromEnvironment();
            }
            catch (ArgumentException problem)
            {
                ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidSignatureLifetimeError, ErrorCategory.InvalidArgument));
                return SignatureLifetime.DefaultSeconds;
            }
        }

        /// <summary>Cancelled when the pipeline is stopped (Ctrl+C, a downstream Select-Object -First): every request of this command passes it.</summary>
        internal CancellationToken PipelineStopToken => _stop.Token;

        protected override void StopProcessing() => _stop.Stop();

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (!disposing) return;
            _stop.Dispose();
            _ownCredential?.Dispose();
        }

        /// <summary>One verbose line per HTTP attempt, and with -Debug the canonical request that was signed.</summary>
        internal void WriteAttempts(string subject, System.Collections.Generic.IEnumerable<AttemptRecord> attempts)
        {
            if (!VerboseEnabled && !DebugEnabled) return;
            foreach (var attempt in attempts)
            {
                if (DebugEnabled && attempt.CanonicalRequest != null)
                    WriteDebug($"{attempt.Action} {subject}, attempt {attempt.Attempt}: signed canonical request:\n{attempt.CanonicalRequest}");
                if (VerboseEnabled)
                    WriteVerbose(string.Format(CultureInfo.InvariantCulture, "{0} {1}: attempt {2}, {3}, request id {4}, {5:0} ms",
                        attempt.Action, subject, attempt.Attempt,
                        attempt.HttpStatus.HasValue ? "HTTP " + attempt.HttpStatus.Value + (attempt.Outcome == "OK" ? string.Empty : " " + attempt.Outcome) : attempt.Outcome,
                        attempt.RequestId ?? "(none)", attempt.Elapsed.TotalMilliseconds));
            }
        }

        /// <summary>True when an error written now would end the command (-ErrorAction Stop or $ErrorActionPreference = 'Stop').</summary>
        internal bool ErrorActionIsStop
        {
            get
            {
                if (MyInvocation.BoundParameters.TryGetValue("ErrorAction", out var bound))
                    return bound is ActionPreference boundAction && boundAction == ActionPreference.Stop;
                var preference = GetVariableValue("ErrorActionPreference");
                return preference is ActionPreference action
                    ? action == ActionPreference.Stop
                    : string.Equals(preference?.ToString(), "Stop", StringComparison.OrdinalIgnoreCase);
            }
        }

        private bool StreamEnabled(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out var bound) && bound is SwitchParameter flag)
                return flag.IsPresent;
            var preference = GetVariableValue(preferenceVariable);
            return preference is ActionPreference action
                ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore
                : preference != null && !string.Equals(preference.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase);
        }

        private protected bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound) && bound is SwitchParameter flag)
                return flag.IsPresent;
            var preference = GetVariableValue("WhatIfPreference");
            return preference is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(preference);
        }
    }
}
