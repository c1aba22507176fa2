using System;
using System.Management.Automation;
using System.Security;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Connect-Qianfan: sets the keys (and optionally the endpoint) that every cmdlet of this
    /// PowerShell process uses when it is not given its own. Sends no request.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Qianfan")]
    [OutputType(typeof(QianfanContext))]
    public sealed class ConnectQianfanCommand : PSCmdlet
    {
        /// <summary>Access key as user name, secret key as password.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        /// <summary>The console endpoint; when not given, the environment's or the default one applies.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri Endpoint { get; set; }

        /// <summary>The session token of temporary (STS) keys.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString SecurityToken { get; set; }

        /// <summary>Writes the context in effect afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var credential = QianfanConnectionCommand.CredentialFromParameters(this, Credential, SecurityToken);
            QianfanEndpoint endpoint = null;
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
            if (PassThru) WriteObject(QianfanContext.From(QianfanConnectionCommand.ResolveSettings(this, null, null, null)));
        }
    }
}
