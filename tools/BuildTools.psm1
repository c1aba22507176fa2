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
    $exe = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
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

# A .nupkg as PowerShell repositories expect it: the module's files at the package root, with a nuspec.
function New-ModulePackage {
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [string] $OutputDirectory)
    Add-Type -AssemblyName System.IO.Compression, System.IO.Compression.FileSystem
    $manifest = Import-PowerShellDataFile (Join-Path $ModulePath 'Qianfan.psd1')
    $version = $manifest.ModuleVersion
    $tags = @($manifest.PrivateData.PSData.Tags) + 'PSModule' + ($manifest.CmdletsToExport | ForEach-Object { "PSCmdlet_$_"; "PSCommand_$_" })
    $nuspec = @"
<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd">
  <metadata>
    <id>Qianfan</id>
    <version>$version</version>
    <authors>$([Security.SecurityElement]::Escape($manifest.Author))</authors>
    <owners>$([Security.SecurityElement]::Escape($manifest.CompanyName))</owners>
    <requireLicenseAcceptance>false</requireLicenseAcceptance>
    <license type="expression">MIT</license>
    <description>$([Security.SecurityElement]::Escape($manifest.Description))</description>
    <copyright>$([Security.SecurityElement]::Escape($manifest.Copyright))</copyright>
    <tags>$([Security.SecurityElement]::Escape(($tags -join ' ')))</tags>
  </metadata>
</package>
"@
    $contentTypes = @'
<?xml version="1.0" encoding="utf-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />
  <Default Extension="nuspec" ContentType="application/octet" />
  <Default Extension="dll" ContentType="application/octet" />
  <Default Extension="psd1" ContentType="application/octet" />
  <Default Extension="ps1xml" ContentType="application/octet" />
  <Default Extension="xml" ContentType="application/octet" />
  <Default Extension="txt" ContentType="application/octet" />
</Types>
'@
    $rels = @'
<?xml version="1.0" encoding="utf-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
  <Relationship Type="http://schemas.microsoft.com/packaging/2010/07/manifest" Target="/Qianfan.nuspec" Id="R1" />
</Relationships>
'@
    $target = Join-Path $OutputDirectory "Qianfan.$version.nupkg"
    Remove-Item $target -ErrorAction Ignore
    $zip = [System.IO.Compression.ZipFile]::Open($target, 'Create')
    try {
        foreach ($entry in @{ 'Qianfan.nuspec' = $nuspec; '[Content_Types].xml' = $contentTypes; '_rels/.rels' = $rels }.GetEnumerator()) {
            $writer = [System.IO.StreamWriter]::new($zip.CreateEntry($entry.Key).Open())
            try { $writer.Write($entry.Value) } finally { $writer.Dispose() }
        }
        $base = (Resolve-Path $ModulePath).Path.TrimEnd('/', '\')
        foreach ($file in Get-ChildItem $ModulePath -Recurse -File) {
            $relative = $file.FullName.Substring($base.Length + 1) -replace '\\', '/'
            [void][System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $relative)
        }
    }
    finally {
        $zip.Dispose()
    }
    return $target
}

Export-ModuleMember -Function Write-Step, Invoke-Native, Invoke-NativeAllowFailure, Invoke-PwshChild, Get-PesterManifest, Read-TrxCounts, New-ModulePackage
