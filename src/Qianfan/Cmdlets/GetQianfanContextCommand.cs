using System;
using System.Management.Automation;
using System.Security;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Get-QianfanContext: the keys and endpoint a command would use (with the same parameters),
    /// where each came from, with the access key masked and no secret shown.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "QianfanContext")]
    [OutputType(typeof(QianfanContext))]
    public sealed class GetQianfanContextCommand : PSCmdlet
    {
        /// <summary>Show the context a command given these keys would use.</summary>
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public PSCredential Credential { get; set; }

        [Parameter]
        [ValidateNotNull]
        public SecureString SecurityToken { get; set; }

        [Parameter]
        [ValidateNotNull]
        public Uri Endpoint { get; set; }

        protected override void EndProcessing() =>
            WriteObject(QianfanContext.From(QianfanCommand.ResolveSettings(this, Credential, SecurityToken, Endpoint)));
    }
}
