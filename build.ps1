#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages the Qianfan module.
.DESCRIPTION
    Tasks:
      Build    (default) assemble a ready-to-import module folder at out/Qianfan, and the emulator at out/Emulator
      Test     Build, then run the xunit and Pester suites; prints one closing line "N passed, N failed"
      Demo     Build, start the emulator on a free loopback port and show real runs against it
      Bench    Build, then measure throughput, per-request overhead and import cost (bench/results.md)
      Package  Build, then write out/Qianfan.<version>.nupkg (Compress-PSResource, PowerShell 7.4+) and check its contents
      Clean    remove out/ and every bin/ and obj/
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 Test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'Qianfan'
$emulatorOut = Join-Path $out 'Emulator'

Import-Module (Join-Path $root 'tools/BuildTools.psm1') -Force

function Invoke-Build {
    Write-Step 'Building the module'
    $publish = Join-Path $root "obj/publish/Qianfan"
    Remove-Item $publish -Recurse -Force -ErrorAction Ignore
    Invoke-Native dotnet publish (Join-Path $root 'src/Qianfan/Qianfan.csproj') -c $Configuration -o $publish --nologo -v quiet

    Remove-Item $moduleOut -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory -Path $moduleOut | Out-Null
    Get-ChildItem $publish -Filter *.dll | Copy-Item -Destination $moduleOut
    Copy-Item (Join-Path $root 'Qianfan.psd1') $moduleOut
    Copy-Item (Join-Path $root 'src/Qianfan/Qianfan.Format.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'src/Qianfan/Qianfan.Requirements.ps1') $moduleOut
    Copy-Item (Join-Path $root 'LICENSE') $moduleOut -ErrorAction Ignore

    Write-Step 'Building the emulator'
    Remove-Item $emulatorOut -Recurse -Force -ErrorAction Ignore
    Invoke-Native dotnet publish (Join-Path $root 'src/Qianfan.Emulator/Qianfan.Emulator.csproj') -c $Configuration -o $emulatorOut --nologo -v quiet

    Write-Step 'Building help'
    $helpOut = Join-Path $moduleOut 'en-US'
    New-Item -ItemType Directory -Path $helpOut -Force | Out-Null
    Copy-Item (Join-Path $root 'src/Qianfan/Help/about_*.help.txt') $helpOut
    $null = Invoke-PwshChild -File (Join-Path $root 'tools/Build-Help.ps1') -Arguments @(
        '-ModulePath', $moduleOut, '-MarkdownPath', (Join-Path $root 'src/Qianfan/Help'), '-OutputPath', (Join-Path $helpOut 'Qianfan.dll-Help.xml'))

    $manifest = Test-ModuleManifest (Join-Path $moduleOut 'Qianfan.psd1')
    Write-Host "Module $($manifest.Name) $($manifest.Version) ready at $moduleOut"
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $out 'test-results'
    Remove-Item $results -Recurse -Force -ErrorAction Ignore
    New-Item -ItemType Directory $results | Out-Null

    Write-Step 'xunit'
    $trx = Join-Path $results 'xunit.trx'
    $xunitExit = Invoke-NativeAllowFailure dotnet test (Join-Path $root 'tests/Qianfan.Tests/Qianfan.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunit = Read-TrxCounts $trx

    Write-Step 'Pester'
    $pesterSummary = Join-Path $results 'pester.json'
    $null = Invoke-PwshChild -AllowFailure -File (Join-Path $root 'tests/Invoke-PesterSuite.ps1') -Arguments @(
        '-ModulePath', $moduleOut, '-EmulatorPath', (Join-Path $emulatorOut 'Qianfan.Emulator.dll'), '-SummaryPath', $pesterSummary, '-PesterPath', (Get-PesterManifest $root))
    $pester = if (Test-Path $pesterSummary) { Get-Content $pesterSummary -Raw | ConvertFrom-Json } else { $null }
    if ($null -eq $pester -or $null -eq $pester.Passed -or $null -eq $pester.Failed) { $pester = [pscustomobject]@{ Passed = 0; Failed = 1 } }

    $passed = $xunit.Passed + $pester.Passed
    $failed = $xunit.Failed + $pester.Failed
    if ($xunitExit -ne 0 -and $xunit.Failed -eq 0) { $failed++ }   # the run itself broke (build error, crash)
    Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed; Pester: $($pester.Passed) passed, $($pester.Failed) failed"
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    $null = Invoke-PwshChild -File (Join-Path $root 'tools/Show-Demo.ps1') -Arguments @(
        '-ModulePath', $moduleOut, '-EmulatorPath', (Join-Path $emulatorOut 'Qianfan.Emulator.dll'))
}

function Invoke-Bench {
    Invoke-Build
    $null = Invoke-PwshChild -File (Join-Path $root 'bench/Invoke-Benchmark.ps1') -Arguments @(
        '-ModulePath', $moduleOut, '-EmulatorPath', (Join-Path $emulatorOut 'Qianfan.Emulator.dll'), '-ResultPath', (Join-Path $root 'bench/results.md'))
}

function Invoke-Package {
    Invoke-Build
    $package = New-ModulePackage -ModulePath $moduleOut -OutputDirectory $out
    Write-Host "Package written: $package"
}

function Invoke-Clean {
    Remove-Item $out -Recurse -Force -ErrorAction Ignore
    Get-ChildItem $root -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force -ErrorAction Ignore
    Write-Host 'Cleaned.'
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'Bench' { Invoke-Bench }
    'Package' { Invoke-Package }
    'Clean' { Invoke-Clean }
}
