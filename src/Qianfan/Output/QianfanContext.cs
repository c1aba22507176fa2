using System;
using Qianfan.Client;
using Qianfan.Client.Http;
using Qianfan.Connection;

// The public output type of Get-QianfanContext (and Connect-Qianfan -PassThru), named Qianfan.QianfanContext.
namespace Qianfan
{
    /// <summary>
    /// The keys and endpoint a command would use, and where each came from. Holds no secret: the
    /// access key is masked and of a security token only its presence is shown. A setting of the
    /// environment that a command would refuse is shown with the reason, never as an error: this is
    /// what one looks at to find out what is wrong.
    /// </summary>
    public sealed class QianfanContext
    {
        private QianfanContext(QianfanCredential? credential, SettingSource credentialSource, string? credentialProblem,
            string endpoint, SettingSource endpointSource, string? endpointProblem)
        {
            AccessKey = credential?.MaskedAccessKey;
            CredentialSource = credentialSource;
            CredentialProblem = credentialProblem;
            HasSecurityToken = credential?.HasSecurityToken ?? false;
            Endpoint = endpoint;
            EndpointSource = endpointSource;
            EndpointProblem = endpointProblem;
        }

        /// <summary>The access key with all but its first and last four characters hidden; null when no keys are set.</summary>
        public string? AccessKey { get; }

        /// <summary>Where the access key and secret key (and any security token) came from; None when nowhere.</summary>
        public SettingSource CredentialSource { get; }

        /// <summary>Why the keys of <see cref="CredentialSource"/> cannot be used (only half of them set, say); null when they can.</summary>
        public string? CredentialProblem { get; }

        /// <summary>Whether the keys are temporary (STS) ones that carry a security token.</summary>
        public bool HasSecurityToken { get; }

        /// <summary>The console endpoint: scheme, host and port (as given, user information masked, when it cannot be used).</summary>
        public string Endpoint { get; }
        public SettingSource EndpointSource { get; }

        /// <summary>Why the endpoint of <see cref="EndpointSource"/> cannot be used; null when it can.</summary>
        public string? EndpointProblem { get; }

        internal static QianfanContext From(KeysAndEndpoint settings)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            return new QianfanContext(settings.Credential, settings.CredentialSource, null, settings.Endpoint.ToString(), settings.EndpointSource, null);
        }

        /// <summary>
        /// The context a command given these parameters would use, with an unusable setting of the environment shown
        /// with its reason. Only the parameters' own problems throw, as they would for any command.
        /// </summary>
        /// <exception cref="ArgumentException"><paramref name="endpointParameter"/> is not acceptable.</exception>
        internal static QianfanContext Inspect(QianfanCredential? credentialParameter, Uri? endpointParameter, Func<string, string?>? environment = null)
        {
            environment = environment ?? System.Environment.GetEnvironmentVariable;
            QianfanCredential? credential = null;
            SettingSource credentialSource;
            string? credentialProblem = null;
            try
            {
                (credential, credentialSource) = KeysAndEndpoint.ResolveCredential(credentialParameter, environment);
            }
            catch (Exception problem) when (problem is InvalidOperationException || problem is InvalidSecurityTokenException)
            {
                credentialSource = SettingSource.Environment;
                credentialProblem = problem.Message;
            }

            string endpoint;
            SettingSource endpointSource;
            string? endpointProblem = null;
            try
            {
                var resolved = KeysAndEndpoint.ResolveEndpoint(endpointParameter, environment);
                endpoint = resolved.Endpoint.ToString();
                endpointSource = resolved.Source;
            }
            catch (ArgumentException problem) when (endpointParameter == null)
            {
                endpoint = UrlText.Masked(environment(KeysAndEndpoint.EndpointVariable)) ?? string.Empty;
                endpointSource = SettingSource.Environment;
                endpointProblem = UrlText.Masked(problem.Message);
            }

            // The copy of the keys made for this look (the parameter's or the environment's) is cleared, as a command clears its own.
            using (credentialSource == SettingSource.Session ? null : credential)
                return new QianfanContext(credential, credentialSource, credentialProblem, endpoint, endpointSource, endpointProblem);
        }
    }
}
