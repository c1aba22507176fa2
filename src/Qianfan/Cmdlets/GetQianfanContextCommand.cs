using System;
using System.Management.Automation;
using Qianfan.Client.Http;
using Qianfan.Records;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Get-QianfanContext: the keys and endpoint a command would use (with the same parameters),
    /// where each came from, with the access key masked and no secret shown. An unusable setting in
    /// the environment is shown with its reason (and a warning), never as an error.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "QianfanContext")]
    [OutputType(typeof(QianfanContext))]
    public sealed class GetQianfanContextCommand : QianfanConnectionCommand
    {
        protected override void EndProcessing()
        {
            var credential = CredentialFromParameters(this, Credential, SecurityToken);
            QianfanContext context;
            try
            {
                context = QianfanContext.Inspect(credential, Endpoint);
            }
            catch (ArgumentException problem)
            {
                credential?.Dispose();
                ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidEndpointError, ErrorCategory.InvalidArgument, UrlText.Masked(Endpoint)));
                return;
            }
            if (context.CredentialProblem != null) WriteWarning("Commands would stop before any request: " + context.CredentialProblem);
            if (context.EndpointProblem != null) WriteWarning("Commands would stop before any request: " + context.EndpointProblem);
            WriteObject(context);
        }
    }
}
