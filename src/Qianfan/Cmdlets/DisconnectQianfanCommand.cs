using System.Management.Automation;
using Qianfan.Connection;

namespace Qianfan.Cmdlets
{
    /// <summary>Disconnect-Qianfan: forgets the keys and endpoint set by Connect-Qianfan.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Qianfan")]
    [OutputType(typeof(void))]
    public sealed class DisconnectQianfanCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            var wasConnected = QianfanSession.Credential != null || QianfanSession.Endpoint != null;
            QianfanSession.Disconnect();
            WriteVerbose(wasConnected
                ? "Forgot the session's keys and endpoint: commands now use -Credential and -Endpoint, or the environment variables, or the default endpoint."
                : "The session had no keys or endpoint set; nothing to forget.");
        }
    }
}
