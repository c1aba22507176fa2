using System;
using System.Management.Automation;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Client.Retry;
using Qianfan.Connection;
using Qianfan.Records;
using Qianfan.Tasks;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Connect-Qianfan: sets the keys (and optionally the endpoint) that every cmdlet of this
    /// PowerShell process uses when it is not given its own. It first checks them with one read that
    /// changes nothing (<see cref="KeyCheck"/>), and leaves the session as it was when that fails;
    /// -SkipValidation connects without a request.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Qianfan")]
    [OutputType(typeof(QianfanContext))]
    public sealed class ConnectQianfanCommand : QianfanConnectionCommand, IDisposable
    {
        private readonly PipelineStop _stop = new PipelineStop();

        // Declared again only because here it is mandatory and positional; -SecurityToken and -Endpoint are the base's.
        /// <summary>Access key as user name, secret key as password.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Credential]
        [ValidateNotNull]
        public override PSCredential? Credential { get => base.Credential; set => base.Credential = value; }

        /// <summary>Writes the context in effect afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Connects without checking the keys with the service (no request), as for preparing a session offline.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        protected override void EndProcessing()
        {
            // Never null: -Credential is mandatory and ValidateNotNull, and a credential given makes one (or a terminating error).
            var credential = CredentialFromParameters(this, Credential, SecurityToken)!;
            QianfanEndpoint? endpoint = null;
            QianfanEndpoint checkedAt = null!;
            try
            {
                if (Endpoint != null) endpoint = QianfanEndpoint.FromUri(Endpoint);
                // Where commands will send once connected: this endpoint, or the environment's or the default (never the old session's).
                checkedAt = KeysAndEndpoint.ResolveEndpoint(Endpoint, Environment.GetEnvironmentVariable, sessionCounts: false).Endpoint;
            }
            catch (ArgumentException problem)
            {
                credential.Dispose();
                ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidEndpointError, ErrorCategory.InvalidArgument, UrlText.Masked(Endpoint)));
            }

            if (!SkipValidation) CheckKeys(credential, checkedAt);
            QianfanSession.Connect(credential, endpoint);
            WriteVerbose($"Commands in this session now sign with access key {credential.MaskedAccessKey}" +
                         (credential.HasSecurityToken ? " and its security token" : string.Empty) +
                         (endpoint != null ? $" and call {endpoint}." : " and call the endpoint from the environment or the default one."));
            if (PassThru) WriteObject(QianfanContext.From(ResolveSettings(this, null, null, null)));
        }

        protected override void StopProcessing() => _stop.Stop();

        public void Dispose() => _stop.Dispose();

        /// <summary>One read with the new keys; on failure a terminating error, and the session stays as it was.</summary>
        private void CheckKeys(QianfanCredential credential, QianfanEndpoint endpoint)
        {
            var client = new ConsoleClient(new ConsoleClientOptions(endpoint, credential) { RetryPolicy = new RetryPolicy(KeyCheck.MaxRetryCount) });
            try
            {
                var answer = PipelineStop.WaitFor(KeyCheck.RunAsync(client, _stop.Token));
                WriteVerbose($"The service at {endpoint} accepted access key {credential.MaskedAccessKey} (request id {answer.RequestId}).");
            }
            catch (PipelineStoppedException)
            {
                credential.Dispose();
                throw;
            }
            catch (QianfanServiceException failure)
            {
                credential.Dispose();
                var error = ErrorRecordFactory.ForFailure(failure, UrlText.Masked(endpoint.ToString()),
                    $"The keys were not accepted, so the session is unchanged. Checking them with {endpoint} failed", MyInvocation.MyCommand.Name);
                error.ErrorDetails.RecommendedAction = (error.ErrorDetails.RecommendedAction ?? "Check the keys and the endpoint.") +
                    " To connect without this check (offline, or keys meant only for other actions), add -SkipValidation.";
                ThrowTerminatingError(error);
            }
        }
    }
}
