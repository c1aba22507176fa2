using System.Text;

namespace Qianfan.Signing
{
    /// <summary>The percent-encoding bce-auth-v1 uses: every UTF-8 byte except A-Z a-z 0-9 - . _ ~ becomes %XX (uppercase).</summary>
    internal static class BceUriEncoder
    {
        private const string HexDigits = "0123456789ABCDEF";

        public static string Encode(string? value, bool keepSlash = false)
        {
            if (string.IsNullOrEmpty(value)) return string.Empty;
            var bytes = Encoding.UTF8.GetBytes(value);
            var builder = new StringBuilder(bytes.Length * 3);
            foreach (var b in bytes)
            {
                if (IsUnreserved(b) || (keepSlash && b == (byte)'/'))
                {
                    builder.Append((char)b);
                }
                else
                {
                    builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
                }
            }
            return builder.ToString();
        }

        private static bool IsUnreserved(byte b) =>
            (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') ||
            b == '-' || b == '.' || b == '_' || b == '~';
    }
}
