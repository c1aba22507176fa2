using System;
using Qianfan.Client;

namespace Qianfan.Connection
{
    /// <summary>The keys and endpoint a command will use, and where each came from.</summary>
    internal sealed record KeysAndEndpoint(QianfanCredential? Credential, SettingSource CredentialSource, QianfanEndpoint Endpoint, SettingSource EndpointSource)
    {
        public const string AccessKeyVariable = "QIANFAN_ACCESS_KEY";
        public const string SecretKeyVariable = "QIANFAN_SECRET_KEY";
        public const string SecurityTokenVariable = "QIANFAN_SECURITY_TOKEN";
        public const string EndpointVariable = "QIANFAN_CONSOLE_API_BASE_URL";

        public const string NoCredentialMessage =
            "No Qianfan access key and secret key were found. Supply them in one of these ways: " +
            "-Credential (Get-Credential, with the access key as user name and the secret key as password); " +
            "Connect-Qianfan -Credential <PSCredential> once per session; " +
            "or the environment variables " + AccessKeyVariable + " and " + SecretKeyVariable + ".";

        /// <summary>
        /// The credential made for this command alone (from -Credential or the environment), which the
        /// command disposes when it ends so that its copy of the secret key is cleared; null for the
        /// session's, which is shared and which Disconnect-Qianfan disposes.
        /// </summary>
        public QianfanCredential? OwnCredential => CredentialSource == SettingSource.Session ? null : Credential;

        /// <summary>
        /// Picks each setting from the first place that has it: parameter, session, environment, default.
        /// Credential may come back null (with source None); <see cref="RequireCredential"/> turns that into an error.
        /// </summary>
        /// <exception cref="ArgumentException">An endpoint was given but is not acceptable.</exception>
        /// <exception cref="InvalidSecurityTokenException">QIANFAN_SECURITY_TOKEN holds a control character.</exception>
        public static KeysAndEndpoint Resolve(QianfanCredential? credentialParameter, Uri? endpointParameter,
            Func<string, string?>? environment = null)
        {
            environment = environment ?? Environment.GetEnvironmentVariable;
            var (credential, credentialSource) = ResolveCredential(credentialParameter, environment);
            var (endpoint, endpointSource) = ResolveEndpoint(endpointParameter, environment);
            return new KeysAndEndpoint(credential, credentialSource, endpoint, endpointSource);
        }

        /// <summary>The keys from -Credential, the session or the environment (null, with source None, when nowhere).</summary>
        /// <exception cref="InvalidOperationException">The environment holds only one of the two keys.</exception>
        /// <exception cref="InvalidSecurityTokenException">QIANFAN_SECURITY_TOKEN holds a control character.</exception>
        internal static (QianfanCredential? Credential, SettingSource Source) ResolveCredential(QianfanCredential? credentialParameter, Func<string, string?> environment)
        {
            if (credentialParameter != null) return (credentialParameter, SettingSource.Parameter);
            if (QianfanSession.Credential is { } session) return (session, SettingSource.Session);
            var credential = FromEnvironment(environment);
            return (credential, credential == null ? SettingSource.None : SettingSource.Environment);
        }

        /// <summary>The endpoint from -Endpoint, the session (unless <paramref name="sessionCounts"/> is false: the one a new session would use), the environment, or the default one.</summary>
        /// <exception cref="ArgumentException">The endpoint given, or the one in the environment, is not acceptable.</exception>
        internal static (QianfanEndpoint Endpoint, SettingSource Source) ResolveEndpoint(Uri? endpointParameter, Func<string, string?> environment,
            bool sessionCounts = true)
        {
            if (endpointParameter != null) return (QianfanEndpoint.FromUri(endpointParameter), SettingSource.Parameter);
            if (sessionCounts && QianfanSession.Endpoint is { } session) return (session, SettingSource.Session);
            var endpointText = environment(EndpointVariable);
            if (string.IsNullOrWhiteSpace(endpointText)) return (QianfanEndpoint.Default, SettingSource.Default);
            try
            {
                return (QianfanEndpoint.Parse(endpointText), SettingSource.Environment);
            }
            catch (ArgumentException problem)
            {
                throw new ArgumentException("The environment variable " + EndpointVariable + " holds an unusable endpoint. " + problem.Message, problem);
            }
        }

        /// <exception cref="InvalidOperationException">No keys anywhere; the message names every way to supply them.</exception>
        public QianfanCredential RequireCredential() =>
            Credential ?? throw new InvalidOperationException(NoCredentialMessage);

        private static QianfanCredential? FromEnvironment(Func<string, string?> environment)
        {
            var accessKey = environment(AccessKeyVariable);
            var secretKey = environment(SecretKeyVariable);
            var hasAccess = !string.IsNullOrWhiteSpace(accessKey);
            var hasSecret = !string.IsNullOrEmpty(secretKey);
            if (!hasAccess && !hasSecret) return null;
            if (hasAccess != hasSecret)
                throw new InvalidOperationException(
                    $"The environment variable {(hasAccess ? SecretKeyVariable : AccessKeyVariable)} is not set, while {(hasAccess ? AccessKeyVariable : SecretKeyVariable)} is. Set both, or use -Credential or Connect-Qianfan.");
            try
            {
                return QianfanCredential.FromPlainText(accessKey, secretKey, environment(SecurityTokenVariable));
            }
            catch (InvalidSecurityTokenException problem)
            {
                throw new InvalidSecurityTokenException("The environment variable " + SecurityTokenVariable + " cannot be used: " + problem.Message);
            }
        }
    }
}
