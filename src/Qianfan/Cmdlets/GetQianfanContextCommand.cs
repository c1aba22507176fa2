using System.Management.Automation;
using Qianfan.Client;

namespace Qianfan.Cmdlets
{
    /// <summary>
    /// Get-QianfanContext: the keys and endpoint a command would use (with the same parameters),
    /// where each came from, with the access key masked and no secret shown.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "QianfanContext")]
    [OutputType(typeof(QianfanContext))]
    public sealed class GetQianfanContextCommand : QianfanConnectionCommand
    {
        protected override void EndProcessing()
        {
            var settings = ResolveSettings();
            using (settings.OwnCredential)
                WriteObject(QianfanContext.From(settings));
        }
    }
}
