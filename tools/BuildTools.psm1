# Helpers for build.ps1: running tools, finding Pester, reading test results, packaging.

function Write-Step([string] $Text) {
    Write-Host "==> $Text" -ForegroundColor Cyan
}

# Plain functions (not advanced) so that native switches such as -c or -o pass through untouched.
function Invoke-Native {
    $command, $rest = $args
    & $command @rest
    if ($LASTEXITCODE -ne 0) { throw "'$command $($rest -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-NativeAllowFailure {
    $command, $rest = $args
    & $command @rest | Out-Host
    return $LASTEXITCODE
}

# A fresh PowerShell process, the same version as this one, so that a module is imported into a clean session.
function Get-PwshInvocation {
    # Parsed by the Pester suite on Windows PowerShell too (Package.Tests.ps1 imports this file): no 7-only syntax.
    $exe = Join-Path $PSHOME $(if ([System.Environment]::OSVersion.Platform -eq 'Win32NT') { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path $exe) { return , @($exe) }
    # Started as a .NET tool ("dotnet pwsh"): run the same pwsh.dll through the same dotnet host.
    $hostPath = (Get-Process -Id $PID).Path
    return , @($hostPath, (Join-Path $PSHOME 'pwsh.dll'))
}

function Invoke-PwshChild {
    param(
        [Parameter(Mandatory)] [string] $File,
        [string[]] $Arguments = @(),
        [switch] $AllowFailure
    )
    $invocation = Get-PwshInvocation
    $exe, $prefix = $invocation
    & $exe @prefix -NoProfile -NonInteractive -File $File @Arguments | Out-Host
    $code = $LASTEXITCODE
    if ($code -ne 0 -and -not $AllowFailure) { throw "$File failed with exit code $code." }
    return $code
}

# Pester comes from NuGet (tools/restore.proj) into the global packages folder, wherever that is on this machine.
function Get-PesterManifest([string] $Root) {
    $proj = Join-Path $Root 'tools/restore.proj'
    dotnet restore $proj --nologo -v quiet | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'Restoring Pester from NuGet failed.' }
    $version = ([xml](Get-Content $proj)).Project.ItemGroup.PackageDownload.Version.Trim('[', ']')
    $packages = $env:NUGET_PACKAGES
    if (-not $packages) {
        $line = dotnet nuget locals global-packages --list | Select-Object -First 1
        $packages = ($line -replace '^global-packages:\s*', '').Trim()
    }
    $manifest = Join-Path $packages "pester/$version/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $version was restored but is not at $manifest." }
    return $manifest
}

function Read-TrxCounts([string] $Path) {
    if (-not (Test-Path $Path)) { return [pscustomobject]@{ Passed = 0; Failed = 0 } }
    $counters = ([xml](Get-Content $Path -Raw)).TestRun.ResultSummary.Counters
    [pscustomobject]@{
        Passed = [int]$counters.passed
        Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
}

# A .nupkg as PowerShell repositories expect it (module files at the root, nuspec from the manifest),
# made by PSResourceGet, which ships with PowerShell 7.4+ and needs no network for this.
function New-ModulePackage {
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $OutputDirectory)
    $version = (Import-PowerShellDataFile (Join-Path $ModulePath 'Qianfan.psd1')).ModuleVersion
    $target = Join-Path $OutputDirectory "Qianfan.$version.nupkg"
    Remove-Item $target -ErrorAction Ignore
    Import-Module Microsoft.PowerShell.PSResourceGet -ErrorAction Stop
    Compress-PSResource -Path $ModulePath -DestinationPath $OutputDirectory
    if (-not (Test-Path $target)) { throw "Compress-PSResource wrote no $target." }
    Assert-ModulePackage -PackagePath $target -ModulePath $ModulePath
    return $target
}

# Fails unless the package holds every file of the module folder at the same place, and the manifest's id and version.
function Assert-ModulePackage {
    param([Parameter(Mandatory)] [string] $PackagePath, [Parameter(Mandatory)] [string] $ModulePath)
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'Qianfan.psd1')
    $zip = [System.IO.Compression.ZipFile]::OpenRead($PackagePath)
    try {
        $entries = @{}
        foreach ($entry in $zip.Entries) { $entries[$entry.FullName] = $entry.Length }
        $nuspecEntry = $zip.Entries | Where-Object FullName -EQ 'Qianfan.nuspec'
        if (-not $nuspecEntry) { throw "$PackagePath has no Qianfan.nuspec." }
        $reader = [System.IO.StreamReader]::new($nuspecEntry.Open())
        try { $nuspec = [xml]$reader.ReadToEnd() } finally { $reader.Dispose() }
    }
    finally {
        $zip.Dispose()
    }
    $base = (Resolve-Path $ModulePath).Path.TrimEnd('/', '\')
    $missing = foreach ($file in Get-ChildItem $ModulePath -Recurse -File) {
        $relative = $file.FullName.Substring($base.Length + 1) -replace '\\', '/'
        if ($entries[$relative] -ne $file.Length) { $relative }
    }
    if ($missing) { throw "$PackagePath lacks module files (or holds other versions of them): $($missing -join ', ')." }
    $metadata = $nuspec.package.metadata
    if ($metadata.id -ne 'Qianfan' -or $metadata.version -ne $manifest.ModuleVersion) {
        throw "$PackagePath is $($metadata.id) $($metadata.version), not Qianfan $($manifest.ModuleVersion)."
    }
}

Export-ModuleMember -Function Write-Step, Invoke-Native, Invoke-NativeAllowFailure, Invoke-PwshChild, Get-PesterManifest, Read-TrxCounts, New-ModulePackage, Assert-ModulePackage
