namespace System.Runtime.CompilerServices
{
    /// <summary>
    /// Marks init-only setters, which records use. .NET 5 and later have it; netstandard2.0, which the
    /// module targets so that Windows PowerShell 5.1 loads it, does not, and the compiler only needs the name.
    /// </summary>
    internal static class IsExternalInit
    {
    }
}
