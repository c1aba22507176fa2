<#
.SYNOPSIS
    Runs the Pester suite against a built module folder and emulator, in this (fresh) PowerShell
    process, and writes the pass/fail totals as JSON for build.ps1 to add up.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $PesterPath,
    [string[]] $Path = @(Join-Path $PSScriptRoot 'pester')
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force

# The tests find what they drive through these, so that they can also be run by hand.
$env:QIANFAN_TEST_MODULE = (Resolve-Path $ModulePath).Path
$env:QIANFAN_TEST_EMULATOR = (Resolve-Path $EmulatorPath).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = [IO.Path]::ChangeExtension($SummaryPath, '.xml')
try {
    $result = Invoke-Pester -Configuration $configuration
}
catch {
    # The report could not be written (a test's message held a character XML cannot carry): the totals still count.
    Write-Warning "Pester ended with an error: $_"
    $result = $null
}
if ($null -eq $result) {
    [pscustomobject]@{ Passed = 0; Failed = 1 } | ConvertTo-Json | Set-Content $SummaryPath
    exit 1
}

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content $SummaryPath
exit ([int]($failed -gt 0))
