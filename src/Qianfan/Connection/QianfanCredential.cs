using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace Qianfan.Connection
{
    /// <summary>
    /// An access key with its secret key (and, for STS credentials, a security token). The secret
    /// key stays in a SecureString of its own and is unwrapped into a byte array for each signature,
    /// which is cleared at once. The token cannot be kept that way: it is sent in a header, which
    /// takes a string, and such strings are not cleared but live until the garbage collector reuses
    /// their memory. <see cref="Dispose"/> frees and zeroes the SecureStrings (Disconnect-Qianfan does it).
    /// </summary>
    internal sealed class QianfanCredential : IDisposable
    {
        public const string ForgottenMessage =
            "The keys this command signs with were forgotten while it ran (Disconnect-Qianfan, or Connect-Qianfan with other keys, " +
            "in this PowerShell process). Connect again, or give -Credential, and run the command again.";

        /// <exception cref="InvalidSecurityTokenException">The token holds a control character.</exception>
        public QianfanCredential(string? accessKey, SecureString? secretKey, SecureString? securityToken = null)
        {
            if (accessKey == null || string.IsNullOrWhiteSpace(accessKey)) throw new ArgumentException("The access key is empty.", nameof(accessKey));
            if (secretKey == null || secretKey.Length == 0) throw new ArgumentException("The secret key is empty.", nameof(secretKey));
            SecurityToken = SecurityTokenRules.Normalize(securityToken);
            AccessKey = accessKey.Trim();
            SecretKey = ReadOnlyCopy(secretKey);
        }

        public string AccessKey { get; }
        public SecureString SecretKey { get; }
        public SecureString? SecurityToken { get; }
        public bool HasSecurityToken => SecurityToken != null;

        /// <summary>The access key with all but its first and last four characters hidden, for display.</summary>
        public string MaskedAccessKey =>
            AccessKey.Length <= 8 ? new string('*', AccessKey.Length) : AccessKey.Substring(0, 4) + new string('*', AccessKey.Length - 8) + AccessKey.Substring(AccessKey.Length - 4);

        /// <exception cref="InvalidSecurityTokenException">The token holds a control character.</exception>
        public static QianfanCredential FromPlainText(string? accessKey, string? secretKey, string? securityToken = null)
        {
            using (var secret = ToSecureString(secretKey))
            using (var token = string.IsNullOrEmpty(securityToken) ? null : ToSecureString(securityToken))
                return new QianfanCredential(accessKey, secret, token);
        }

        /// <summary>The secret key as UTF-8 bytes; the caller must clear the array when done.</summary>
        /// <exception cref="InvalidOperationException">The credential was disposed while in use (<see cref="ForgottenMessage"/>).</exception>
        internal byte[] SecretKeyUtf8()
        {
            var chars = Chars(SecretKey);
            try
            {
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>
        /// The token as the header value that is sent (trimmed and checked when the credential was made).
        /// The string is not cleared and cannot be: headers take strings.
        /// </summary>
        /// <exception cref="InvalidOperationException">The credential was disposed while in use.</exception>
        internal string? SecurityTokenText()
        {
            if (SecurityToken == null) return null;
            var chars = Chars(SecurityToken);
            try
            {
                return new string(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
            }
        }

        /// <summary>Frees and zeroes the secret key and token held here; the credential cannot sign afterwards.</summary>
        public void Dispose()
        {
            SecretKey.Dispose();
            SecurityToken?.Dispose();
        }

        public static SecureString ToSecureString(string? text)
        {
            var secure = new SecureString();
            foreach (var c in text ?? string.Empty) secure.AppendChar(c);
            secure.MakeReadOnly();
            return secure;
        }

        private static SecureString ReadOnlyCopy(SecureString source)
        {
            var copy = source.Copy();
            copy.MakeReadOnly();
            return copy;
        }

        /// <summary>The characters of <paramref name="secure"/>; the caller clears the array.</summary>
        private static char[] Chars(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            try
            {
                var chars = new char[secure.Length];
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return chars;
            }
            catch (ObjectDisposedException problem)
            {
                throw new InvalidOperationException(ForgottenMessage, problem);
            }
            finally
            {
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
