using System;
using System.Net.Http;
using System.Text;
using Qianfan.Client.Http;

namespace Qianfan.Client.Errors
{
    /// <summary>
    /// An exception fit to travel inside a QianfanServiceException: the original when no message in its
    /// chain holds a URL's user information; otherwise one stand-in carrying the chain's messages with it
    /// masked. .NET names the proxy URL, password included, in some failures (a refused proxy tunnel).
    /// </summary>
    internal static class UrlSafeException
    {
        [return: NotNullIfNotNull(nameof(error))]
        public static Exception? Of(Exception? error)
        {
            if (error == null) return null;
            var holdsUserInfo = false;
            for (Exception? e = error; e != null; e = e.InnerException)
                holdsUserInfo |= UrlText.Masked(e.Message) != e.Message;
            if (!holdsUserInfo) return error;

            var text = new StringBuilder();
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                if (text.Length > 0) text.Append(" ---> ");
                text.Append(e.GetType().FullName).Append(": ").Append(UrlText.Masked(e.Message));
            }
            return new HttpRequestException(text.ToString());
        }
    }
}
