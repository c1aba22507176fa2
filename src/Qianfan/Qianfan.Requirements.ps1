# Runs as the manifest's first nested module, before PowerShell takes the cmdlets from Qianfan.dll.
# Windows PowerShell checks a manifest's DotNetFrameworkVersion only up to 4.5: on .NET Framework 4.6 to
# 4.7.1 the module's netstandard2.0 assemblies would fail with an assembly-load error that says nothing of
# why. This says why, and what to do. Nothing is left behind in the session: it all runs in a child scope.
& {
    # The lowest "Release" value of .NET Framework 4.7.2 under HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full
    # (https://learn.microsoft.com/dotnet/framework/install/how-to-determine-which-versions-are-installed).
    function Get-QianfanFrameworkRefusal {
        param([string] $Edition, [object] $Release)
        $first = 461808
        if ($Edition -ne 'Desktop' -or $null -eq $Release -or [int]$Release -ge $first) { return $null }
        "The Qianfan module needs .NET Framework 4.7.2 or later on Windows PowerShell, and this machine has an older one " +
        "(release $Release; 4.7.2 is $first). Install .NET Framework 4.8 (https://dotnet.microsoft.com/download/dotnet-framework), " +
        'restart, and import the module again; or use PowerShell 7.4 or later.'
    }

    $release = $null
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # Unreadable (a locked-down registry): left to the import itself rather than refused on a guess.
        # Read without touching a missing property, which strict mode would make an error.
        $key = Get-ItemProperty -LiteralPath 'HKLM:\SOFTWARE\Microsoft\NET Framework Setup\NDP\v4\Full' -ErrorAction SilentlyContinue
        if ($null -ne $key -and $null -ne $key.PSObject.Properties['Release']) { $release = $key.PSObject.Properties['Release'].Value }
    }
    $refusal = Get-QianfanFrameworkRefusal -Edition $PSVersionTable.PSEdition -Release $release
    if ($refusal) { throw $refusal }
}
