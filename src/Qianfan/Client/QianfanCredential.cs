using System;
using System.Runtime.InteropServices;
using System.Security;
using System.Text;

namespace Qianfan.Client
{
    /// <summary>
    /// An access key with its secret key (and, for STS credentials, a security token). The secret
    /// parts stay in SecureStrings and are unwrapped only for the moment of signing.
    /// </summary>
    public sealed class QianfanCredential
    {
        public QianfanCredential(string accessKey, SecureString secretKey, SecureString securityToken = null)
        {
            if (string.IsNullOrWhiteSpace(accessKey)) throw new ArgumentException("The access key is empty.", nameof(accessKey));
            if (secretKey == null || secretKey.Length == 0) throw new ArgumentException("The secret key is empty.", nameof(secretKey));
            AccessKey = accessKey.Trim();
            SecretKey = ReadOnlyCopy(secretKey);
            SecurityToken = securityToken == null || securityToken.Length == 0 ? null : ReadOnlyCopy(securityToken);
        }

        public string AccessKey { get; }
        public SecureString SecretKey { get; }
        public SecureString SecurityToken { get; }
        public bool HasSecurityToken => SecurityToken != null;

        /// <summary>The access key with all but its first and last four characters hidden, for display.</summary>
        public string MaskedAccessKey =>
            AccessKey.Length <= 8 ? new string('*', AccessKey.Length) : AccessKey.Substring(0, 4) + new string('*', AccessKey.Length - 8) + AccessKey.Substring(AccessKey.Length - 4);

        public static QianfanCredential FromPlainText(string accessKey, string secretKey, string securityToken = null) =>
            new QianfanCredential(accessKey, ToSecureString(secretKey), string.IsNullOrEmpty(securityToken) ? null : ToSecureString(securityToken));

        /// <summary>The secret key as UTF-8 bytes; the caller must clear the array when done.</summary>
        internal byte[] SecretKeyUtf8() => Utf8Bytes(SecretKey);

        internal string SecurityTokenText() => SecurityToken == null ? null : Encoding.UTF8.GetString(ClearAfter(Utf8Bytes(SecurityToken)));

        public static SecureString ToSecureString(string text)
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

        private static byte[] ClearAfter(byte[] bytes)
        {
            var copy = (byte[])bytes.Clone();
            Array.Clear(bytes, 0, bytes.Length);
            return copy;
        }

        private static byte[] Utf8Bytes(SecureString secure)
        {
            var pointer = IntPtr.Zero;
            var chars = new char[secure.Length];
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(secure);
                Marshal.Copy(pointer, chars, 0, chars.Length);
                return Encoding.UTF8.GetBytes(chars);
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }
}
