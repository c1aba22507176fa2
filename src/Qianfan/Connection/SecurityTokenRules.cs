using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Qianfan.Connection
{
    /// <summary>
    /// The one place an STS security token is read: surrounding whitespace and line breaks (a token
    /// read from a file usually ends in one) are trimmed, and a control or non-ASCII character inside
    /// it is refused, because the token goes into a header as is: a line break there would add headers.
    /// The trimmed token is what is sent, signed and redacted alike.
    /// </summary>
    internal static class SecurityTokenRules
    {
        /// <summary>A read-only copy of the token without surrounding whitespace; null when it is empty or all whitespace.</summary>
        /// <exception cref="InvalidSecurityTokenException">A control character is inside the token; the message says where, never what the token is.</exception>
        public static SecureString? Normalize(SecureString? token)
        {
            if (token == null || token.Length == 0) return null;
            var chars = new char[token.Length];
            var pointer = IntPtr.Zero;
            try
            {
                pointer = Marshal.SecureStringToGlobalAllocUnicode(token);
                Marshal.Copy(pointer, chars, 0, chars.Length);
                var start = 0;
                var end = chars.Length;
                while (start < end && char.IsWhiteSpace(chars[start])) start++;
                while (end > start && char.IsWhiteSpace(chars[end - 1])) end--;
                if (start == end) return null;
                for (var i = start; i < end; i++)
                {
                    if (chars[i] < ' ' || chars[i] > '~')
                        throw new InvalidSecurityTokenException(
                            $"The security token holds a {(char.IsControl(chars[i]) ? "control character (a line break, tab or escape)" : "character that is not ASCII")} " +
                            $"(U+{(int)chars[i]:X4}) at character {i - start + 1} of {end - start}. A token is one line of printable ASCII text, and it goes " +
                            "into a request header as is. Copy the token again (the sessionToken of the STS answer), without line breaks, and give it again. " +
                            "No request was sent.");
                }
                var normalized = new SecureString();
                for (var i = start; i < end; i++) normalized.AppendChar(chars[i]);
                normalized.MakeReadOnly();
                return normalized;
            }
            finally
            {
                Array.Clear(chars, 0, chars.Length);
                if (pointer != IntPtr.Zero) Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>A security token that cannot be sent as given; the message never holds the token.</summary>
    internal sealed class InvalidSecurityTokenException : ArgumentException
    {
        public InvalidSecurityTokenException(string message) : base(message) { }
    }
}
