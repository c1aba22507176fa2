using System;
using System.Management.Automation;
using System.Security;
using Qianfan.Connection;

namespace Qianfan.Conversion
{
    /// <summary>Keys as users give them to a cmdlet: a PSCredential (access key as user name, secret key as password) and an optional STS token.</summary>
    internal static class CredentialInput
    {
        /// <summary>The credential, or null when none was given.</summary>
        /// <exception cref="ArgumentException">A part is missing, or a token came without keys; the message says what to give. Never holds a secret.</exception>
        /// <exception cref="InvalidSecurityTokenException">The token holds a control character.</exception>
        public static QianfanCredential? FromParameters(PSCredential? credential, SecureString? securityToken)
        {
            if (credential == null)
            {
                if (securityToken == null) return null;
                throw new ArgumentException(
                    "-SecurityToken was given without -Credential. A security token belongs to the temporary access key and secret key it was issued with: give all three.");
            }
            try
            {
                // Get-Credential can put a leading backslash before a user name that has no domain.
                return new QianfanCredential(credential.UserName?.TrimStart('\\'), credential.Password, securityToken);
            }
            catch (InvalidSecurityTokenException problem)
            {
                throw new InvalidSecurityTokenException("-SecurityToken cannot be used: " + problem.Message);
            }
            catch (ArgumentException problem)
            {
                throw new ArgumentException(
                    "-Credential is incomplete: " + problem.Message.Split('(')[0].Trim() + " Give the access key as user name and the secret key as password.", problem);
            }
        }
    }
}
