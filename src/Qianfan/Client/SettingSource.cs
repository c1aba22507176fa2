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
