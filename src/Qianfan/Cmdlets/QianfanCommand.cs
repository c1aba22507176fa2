using System;
using System.Globalization;
using System.Management.Automation;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>What every Qianfan cmdlet shares: how keys and endpoint are chosen, retry and timeout settings, and stream helpers.</summary>
    public abstract class QianfanCommand : PSCmdlet
    {
        /// <summary>Access key as user name, secret key as password.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri Endpoint { get; set; }

        [Parameter]
        [ValidateRange(0, 20)]
        public int MaxRetryCount { get; set; } = RetryPolicy.DefaultMaxRetryCount;

        [Parameter]
        [ValidateRange(1, 3600)]
        public int TimeoutSec { get; set; } = ConsoleClientOptions.DefaultTimeoutSeconds;

        private bool? _verboseEnabled;
        private bool? _debugEnabled;

        protected bool VerboseEnabled => _verboseEnabled ?? (_verboseEnabled = StreamEnabled("Verbose", "VerbosePreference")).Value;
        protected bool DebugEnabled => _debugEnabled ?? (_debugEnabled = StreamEnabled("Debug", "DebugPreference")).Value;

        /// <summary>Resolves keys and endpoint and builds the client; a terminating error, before any request, when that fails.</summary>
        protected ConsoleClient CreateClient()
        {
            ConnectionSettings settings;
            try
            {
                settings = ConnectionSettings.Resolve(CredentialFromParameter(), Endpoint);
            }
            catch (ArgumentException problem)
            {
                ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidEndpointError, ErrorCategory.InvalidArgument, Endpoint));
                return null;
            }
            catch (InvalidOperationException problem)
            {
                ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.NoCredentialError, ErrorCategory.AuthenticationError));
                return null;
            }
            if (settings.Credential == null)
            {
                ThrowTerminatingError(ErrorRecordFactory.Configuration(new InvalidOperationException(ConnectionSettings.NoCredentialMessage),
                    ErrorRecordFactory.NoCredentialError, ErrorCategory.AuthenticationError));
            }
            if (VerboseEnabled)
                WriteVerbose($"Using endpoint {settings.Endpoint} ({settings.EndpointSource}) and access key {settings.Credential.MaskedAccessKey} ({settings.CredentialSource}).");

            var options = new ConsoleClientOptions(settings.Endpoint, settings.Credential)
            {
                AttemptTimeout = TimeSpan.FromSeconds(TimeoutSec),
                RetryPolicy = new RetryPolicy(MaxRetryCount),
                CaptureCanonicalRequest = DebugEnabled,
            };
            return new ConsoleClient(options);
        }

        protected QianfanCredential CredentialFromParameter()
        {
            if (Credential == null) return null;
            try
            {
                return new QianfanCredential(Credential.UserName.TrimStart('\\'), Credential.Password);
            }
            catch (ArgumentException problem)
            {
                ThrowTerminatingError(ErrorRecordFactory.Configuration(
                    new ArgumentException("-Credential is incomplete: " + problem.Message.Split('(')[0].Trim() + " Give the access key as user name and the secret key as password.", problem),
                    ErrorRecordFactory.NoCredentialError, ErrorCategory.InvalidArgument));
                return null;
            }
        }

        /// <summary>One verbose line per HTTP attempt, and with -Debug the canonical request that was signed.</summary>
        protected void WriteAttempts(string subject, System.Collections.Generic.IEnumerable<AttemptRecord> attempts)
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

        private bool StreamEnabled(string switchName, string preferenceVariable)
        {
            if (MyInvocation.BoundParameters.TryGetValue(switchName, out var bound) && bound is SwitchParameter flag)
                return flag.IsPresent;
            var preference = GetVariableValue(preferenceVariable);
            return preference is ActionPreference action
                ? action != ActionPreference.SilentlyContinue && action != ActionPreference.Ignore
                : preference != null && !string.Equals(preference.ToString(), "SilentlyContinue", StringComparison.OrdinalIgnoreCase);
        }

        protected bool WhatIfRequested()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound) && bound is SwitchParameter flag)
                return flag.IsPresent;
            var preference = GetVariableValue("WhatIfPreference");
            return preference is SwitchParameter sp ? sp.IsPresent : LanguagePrimitives.IsTrue(preference);
        }
    }
}
