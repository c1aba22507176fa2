using System;
using System.Management.Automation;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Connect-Qianfan: sets the keys (and optionally the endpoint) that every cmdlet of this
    /// PowerShell process uses when it is not given its own. Sends no request.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Qianfan")]
    [OutputType(typeof(QianfanContext))]
    public sealed class ConnectQianfanCommand : QianfanConnectionCommand
    {
        // Declared again only because here it is mandatory and positional; -SecurityToken and -Endpoint are the base's.
        /// <summary>Access key as user name, secret key as password.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Credential]
        [ValidateNotNull]
        public override PSCredential? Credential { get => base.Credential; set => base.Credential = value; }

        /// <summary>Writes the context in effect afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            // Never null: -Credential is mandatory and ValidateNotNull, and a credential given makes one (or a terminating error).
            var credential = CredentialFromParameters(this, Credential, SecurityToken)!;
            QianfanEndpoint? endpoint = null;
            try
            {
                if (Endpoint != null) endpoint = QianfanEndpoint.FromUri(Endpoint);
            }
            catch (ArgumentException problem)
            {
                credential.Dispose();
                ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidEndpointError, ErrorCategory.InvalidArgument, UrlText.Masked(Endpoint)));
            }

            QianfanSession.Connect(credential, endpoint);
            WriteVerbose($"Commands in this session now sign with access key {credential.MaskedAccessKey}" +
                         (credential.HasSecurityToken ? " and its security token" : string.Empty) +
                         (endpoint != null ? $" and call {endpoint}." : " and call the endpoint from the environment or the default one."));
            if (PassThru) WriteObject(QianfanContext.From(ResolveSettings(this, null, null, null)));
        }
    }
}
