// Users see it as Qianfan.Client.SettingSource (the CredentialSource and EndpointSource of Get-QianfanContext), so it keeps that name.
namespace Qianfan.Client
{
    /// <summary>Where a setting in effect came from, in order of precedence.</summary>
    public enum SettingSource
    {
        Parameter,
        Session,
        Environment,
        Default,
        None,
    }
}
