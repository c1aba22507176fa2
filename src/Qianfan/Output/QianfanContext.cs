using System;
using Qianfan.Client;

// The public output type of Get-QianfanContext (and Connect-Qianfan -PassThru), named Qianfan.QianfanContext.
namespace Qianfan
{
    /// <summary>
    /// The keys and endpoint a command would use, and where each came from. Holds no secret: the
    /// access key is masked and of a security token only its presence is shown.
    /// </summary>
    public sealed class QianfanContext
    {
        private QianfanContext(ConnectionSettings settings)
        {
            AccessKey = settings.Credential?.MaskedAccessKey;
            CredentialSource = settings.CredentialSource;
            HasSecurityToken = settings.Credential?.HasSecurityToken ?? false;
            Endpoint = settings.Endpoint.ToString();
            EndpointSource = settings.EndpointSource;
        }

        /// <summary>The access key with all but its first and last four characters hidden; null when no keys are set.</summary>
        public string? AccessKey { get; }

        /// <summary>Where the access key and secret key (and any security token) came from; None when nowhere.</summary>
        public SettingSource CredentialSource { get; }

        /// <summary>Whether the keys are temporary (STS) ones that carry a security token.</summary>
        public bool HasSecurityToken { get; }

        /// <summary>The console endpoint: scheme, host and port.</summary>
        public string Endpoint { get; }
        public SettingSource EndpointSource { get; }

        internal static QianfanContext From(ConnectionSettings settings) =>
            new QianfanContext(settings ?? throw new ArgumentNullException(nameof(settings)));
    }
}
