using System;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Qianfan.Client.Http
{
    /// <summary>Tells apart why a connection gave no answer, and says it in words a user can act on.</summary>
    internal static class ConnectionFailures
    {
        /// <summary>
        /// Why <paramref name="error"/> came, from its chain: PowerShell 7's handler puts a SocketException
        /// or an AuthenticationException inside the HttpRequestException; Windows PowerShell's (.NET
        /// Framework) puts a WebException there whose Status says it, often with nothing below it.
        /// </summary>
        public static ConnectionProblem Classify(Exception error)
        {
            for (var e = error; e != null; e = e.InnerException)
            {
                if (e is AuthenticationException) return ConnectionProblem.SecureChannel;
                if (e is WebException web)
                {
                    var problem = FromStatus(web.Status);
                    if (problem != ConnectionProblem.Broken) return problem;
                }
                if (e is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                            return ConnectionProblem.Refused;
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                        case SocketError.NoRecovery:
                            return ConnectionProblem.NameNotResolved;
                    }
                }
            }
            return ConnectionProblem.Broken;
        }

        /// <summary>
        /// A .NET Framework WebException's status as the same cause a socket error gives on .NET. Refused,
        /// not resolved and TLS failures all come before the request is sent; everything else (a timeout,
        /// a connection closed, a failed send or receive) may come after the service got it, so is Broken.
        /// </summary>
        internal static ConnectionProblem FromStatus(WebExceptionStatus status)
        {
            switch (status)
            {
                case WebExceptionStatus.NameResolutionFailure:
                case WebExceptionStatus.ProxyNameResolutionFailure:
                    return ConnectionProblem.NameNotResolved;
                case WebExceptionStatus.ConnectFailure:
                    return ConnectionProblem.Refused;
                case WebExceptionStatus.SecureChannelFailure:
                case WebExceptionStatus.TrustFailure:
                    return ConnectionProblem.SecureChannel;
                default:
                    return ConnectionProblem.Broken;
            }
        }

        /// <summary>The attempt's outcome in a verbose line.</summary>
        public static string ShortName(ConnectionProblem problem)
        {
            switch (problem)
            {
                case ConnectionProblem.Refused: return "connection refused";
                case ConnectionProblem.NameNotResolved: return "host name not resolved";
                case ConnectionProblem.SecureChannel: return "TLS failed";
                default: return "connection failed";
            }
        }

        public static string Describe(Exception error, ConnectionProblem problem, string endpoint)
        {
            var innermost = error;
            while (innermost.InnerException != null) innermost = innermost.InnerException;
            var reason = innermost.Message.TrimEnd('.');
            switch (problem)
            {
                case ConnectionProblem.Refused:
                    return $"nothing accepted the connection at {endpoint}";
                case ConnectionProblem.NameNotResolved:
                    return $"the host name of {endpoint} could not be resolved ({reason}); check -Endpoint and this machine's DNS";
                case ConnectionProblem.SecureChannel:
                    return $"the TLS handshake with {endpoint} failed ({reason}); check the endpoint's certificate and any TLS-inspecting proxy";
                default:
                    return $"the connection to {endpoint} broke before an answer came ({reason})";
            }
        }
    }
}
