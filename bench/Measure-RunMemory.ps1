<#
.SYNOPSIS
    Runs one Stop-QianfanBatchTask over -Count ids generated on the fly, in this (fresh) process,
    and prints "<done>,<peak working set bytes>,<seconds>" so that runs of different lengths can be
    compared: memory should follow the throttle limit, not the number of ids.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Url,
    [Parameter(Mandatory)] [int] $Count,
    [int] $ThrottleLimit = 16
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1')
$credential = New-TestCredential
$watch = [Diagnostics.Stopwatch]::StartNew()
$done = (1..$Count | ForEach-Object { 'infer-{0:D6}' -f $_ } |
        Stop-QianfanBatchTask -Credential $credential -Endpoint $Url -ThrottleLimit $ThrottleLimit |
        Measure-Object).Count
$watch.Stop()
$process = Get-Process -Id $PID
$process.Refresh()
'{0},{1},{2:0.000}' -f $done, $process.PeakWorkingSet64, $watch.Elapsed.TotalSeconds
