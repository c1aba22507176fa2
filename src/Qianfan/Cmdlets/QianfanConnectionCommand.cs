using System;
using System.Management.Automation;
using System.Security;
using Qianfan.Client.Http;
using Qianfan.Connection;
using Qianfan.Conversion;
using Qianfan.Records;

namespace Qianfan.Cmdlets
{
    /// <summary>The parameters that choose keys and endpoint, and how they combine with the session and the environment.</summary>
    public abstract class QianfanConnectionCommand : PSCmdlet
    {
        // Public because public cmdlets derive from it; only this assembly may derive from it.
        private protected QianfanConnectionCommand() { }

        /// <summary>Access key as user name, secret key as password.</summary>
        // Virtual so that Connect-Qianfan can make it mandatory and positional.
        [Parameter]
        [Credential]
        [ValidateNotNull]
        public virtual PSCredential? Credential { get; set; }

        /// <summary>The session token of temporary (STS) keys given with -Credential; sent as x-bce-security-token and signed.</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? SecurityToken { get; set; }

        /// <summary>The console endpoint; when not given, the session's, the environment's or the default one applies.</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? Endpoint { get; set; }

        /// <summary>The keys and endpoint this command's parameters select (keys may be null: none anywhere).</summary>
        private protected KeysAndEndpoint ResolveSettings() => ResolveSettings(this, Credential, SecurityToken, Endpoint);

        /// <summary>
        /// The keys and endpoint a command given these parameters uses (keys may come back null: no keys anywhere);
        /// a terminating error of <paramref name="cmdlet"/> when the parameters or the environment are unusable.
        /// </summary>
        internal static KeysAndEndpoint ResolveSettings(Cmdlet cmdlet, PSCredential? credential, SecureString? securityToken, Uri? endpoint)
        {
            var fromParameters = CredentialFromParameters(cmdlet, credential, securityToken);
            try
            {
                return KeysAndEndpoint.Resolve(fromParameters, endpoint);
            }
            catch (InvalidSecurityTokenException problem)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidSecurityTokenError, ErrorCategory.InvalidArgument));
            }
            catch (ArgumentException problem)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidEndpointError, ErrorCategory.InvalidArgument, UrlText.Masked(endpoint)));
            }
            catch (InvalidOperationException problem)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.NoCredentialError, ErrorCategory.AuthenticationError));
            }
            return null!; // Not reached: each catch above ends in ThrowTerminatingError, which always throws.
        }

        /// <summary>-Credential and -SecurityToken as a credential (null when not given); a terminating error of <paramref name="cmdlet"/> when incomplete.</summary>
        internal static QianfanCredential? CredentialFromParameters(Cmdlet cmdlet, PSCredential? credential, SecureString? securityToken)
        {
            try
            {
                return CredentialInput.FromParameters(credential, securityToken);
            }
            catch (InvalidSecurityTokenException problem)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.InvalidSecurityTokenError, ErrorCategory.InvalidArgument));
                return null;
            }
            catch (ArgumentException problem)
            {
                cmdlet.ThrowTerminatingError(ErrorRecordFactory.Configuration(problem, ErrorRecordFactory.NoCredentialError, ErrorCategory.InvalidArgument));
                return null;
            }
        }
    }
}
