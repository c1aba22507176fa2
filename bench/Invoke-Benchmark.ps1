<#
.SYNOPSIS
    Measures Stop-QianfanBatchTask against the local emulator: how close runs come to a per-second
    cap of each shape (a strict token bucket, a bucket of a second's worth, a fixed one-second window),
    alone, as the first run of a fresh process, and with runs in other processes sharing it;
    throughput and efficiency at a set latency,
    per-request client overhead at zero latency, and the cost of Import-Module.
    Prints a markdown table and writes it, with the machine and the command, to -ResultPath.
.EXAMPLE
    dotnet pwsh ./build.ps1 Bench
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath,
    [string] $ResultPath = (Join-Path $PSScriptRoot 'results.md'),
    [int] $Count = 2000,
    [int] $LatencyMs = 20,
    [int[]] $ThrottleLimits = @(1, 16, 64),
    [int] $Repeats = 3,
    [int] $ImportRepeats = 15,
    [int[]] $MemoryCounts = @(20000, 200000),
    [double[]] $Caps = @(10, 20, 50, 200),
    [ValidateSet('strict', 'second', 'window')] [string[]] $Shapes = @('strict', 'second', 'window'),
    [int[]] $CapThrottleLimits = @(16, 64),
    [int] $CapSeconds = 20,
    # Runs in separate processes started together on one cap: how many, ids each, and the cap.
    [int[]] $SharingRuns = @(2, 3),
    [int] $SharingIds = 400,
    [double] $SharingCap = 40,
    # The first run of a fresh process: against which shapes, at which cap.
    [ValidateSet('strict', 'second', 'window')] [string[]] $ColdShapes = @('strict', 'window'),
    [double] $ColdCap = 10,
    # Only the capped rows (to compare builds of the module against the same emulator).
    [switch] $CapsOnly,
    # What else ran on the machine meanwhile, for the report.
    [string] $Note
)
$ErrorActionPreference = 'Stop'
Import-Module (Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1') -Force
$env:QIANFAN_TEST_EMULATOR = (Resolve-Path $EmulatorPath).Path
Import-Module $ModulePath -Force

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $middle = [int][math]::Floor($sorted.Count / 2)
    if ($sorted.Count % 2) { $sorted[$middle] } else { ($sorted[$middle - 1] + $sorted[$middle]) / 2 }
}

$emulator = Start-TestEmulator -Arguments @('--tasks', '0')
$credential = New-TestCredential
$ids = 1..$Count | ForEach-Object { 'bench-{0:D6}' -f $_ }
$runningTable = @($ids | ForEach-Object { @{ taskId = $_; runStatus = 'Running' } })

# One timed run: every task Running again, then stop them all; returns seconds.
function Measure-Run([int] $Throttle, [int] $Latency) {
    Set-EmulatorTasks $emulator -Tasks $runningTable -Replace
    $null = Set-EmulatorConfig $emulator @{ latencyMs = $Latency }
    Reset-EmulatorStats $emulator
    $failed = $null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $done = ($ids | Stop-QianfanBatchTask -Credential $credential -Endpoint $emulator.Url -ThrottleLimit $Throttle -ErrorVariable failed -ErrorAction SilentlyContinue | Measure-Object).Count
    $watch.Stop()
    if ($done -ne $Count -or $failed) { throw "Benchmark run lost ids: $done of $Count done, $(@($failed).Count) failed." }
    $watch.Elapsed.TotalSeconds
}

# The emulator's settings for a per-second cap of each shape: a strict bucket holds a tenth of a
# second's worth (evenly spaced requests only), the default bucket a second's worth.
function Get-CapConfig([string] $Shape, [double] $Cap) {
    switch ($Shape) {
        'strict' { @{ qps = $Cap; qpsBucket = [math]::Max(1, $Cap / 10); qpsWindow = $false } }
        'second' { @{ qps = $Cap; qpsBucket = 0; qpsWindow = $false } }
        'window' { @{ qps = $Cap; qpsBucket = 0; qpsWindow = $true } }
    }
}
$shapeNames = @{ strict = 'strict bucket (0.1 s burst)'; second = 'one-second bucket'; window = 'fixed one-second window' }

function Set-RunningIds([string[]] $TaskIds) {
    Set-EmulatorTasks $emulator -Tasks @($TaskIds | ForEach-Object { @{ taskId = $_; runStatus = 'Running' } }) -Replace
}

# Caps the emulator for a run of $TaskIds (all running) and clears its counts.
function Start-CappedRun([string[]] $TaskIds, [string] $Shape, [double] $Cap) {
    Set-RunningIds $TaskIds
    $null = Set-EmulatorConfig $emulator ((Get-CapConfig $Shape $Cap) + @{ latencyMs = $LatencyMs })
    Reset-EmulatorStats $emulator
}

# Lifts the cap after a run; returns the share of its attempts the service throttled.
function Complete-CappedRun {
    $stats = Get-EmulatorStats $emulator
    $null = Set-EmulatorConfig $emulator @{ qps = 0; qpsBucket = 0; qpsWindow = $false }
    $stats.faults.rateLimited / [double]($stats.faults.rateLimited + $stats.total)
}

# One run against a service capped at $Cap requests a second: ids = cap x CapSeconds, so the ideal wall
# time is CapSeconds. Returns the wall time, the attempts the service throttled and the ids that failed.
function Measure-CapRun([string] $Shape, [double] $Cap, [int] $Throttle) {
    $n = [int]($Cap * $CapSeconds)
    $capIds = 1..$n | ForEach-Object { 'cap-{0:D6}' -f $_ }
    Start-CappedRun $capIds $Shape $Cap
    $failed = $null
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = $capIds | Stop-QianfanBatchTask -Credential $credential -Endpoint $emulator.Url -ThrottleLimit $Throttle -ErrorVariable failed -ErrorAction SilentlyContinue
    $watch.Stop()
    [pscustomobject]@{
        Ids = $n
        Ratio = $watch.Elapsed.TotalSeconds / ($n / $Cap)
        ThrottledShare = Complete-CappedRun
        Failed = @($failed).Count
    }
}

# $Runs runs of $IdsPerRun ids each, in fresh processes that know nothing of each other (nothing compiled
# yet, in the module or the runtime), started together on one cap. Returns the last one's end against the
# ideal for all ids together, the first one's end against the last one's, the share of attempts throttled,
# the ids that failed and the ids that were not done.
function Measure-ProcessRuns([int] $Runs, [int] $IdsPerRun, [string] $Shape, [double] $Cap) {
    $all = 1..($Runs * $IdsPerRun) | ForEach-Object { 'proc-{0:D6}' -f $_ }
    Start-CappedRun $all $Shape $Cap
    $helpers = Join-Path $PSScriptRoot '../tests/pester/TestHelpers.psm1'
    $module = (Resolve-Path $ModulePath).Path
    # Far enough ahead for every process to have started and imported the module.
    $startAt = [DateTime]::UtcNow.AddSeconds(10).Ticks
    $jobs = foreach ($i in 0..($Runs - 1)) {
        $mine = $all[($i * $IdsPerRun)..(($i + 1) * $IdsPerRun - 1)]
        Start-Job -ArgumentList $helpers, $module, $emulator.Url, $startAt, $mine -ScriptBlock {
            param($helpers, $module, $url, $startAt, $ids)
            Import-Module $helpers
            Import-Module $module
            $credential = New-TestCredential
            while ([DateTime]::UtcNow.Ticks -lt $startAt) { Start-Sleep -Milliseconds 2 }
            $failed = $null
            $done = ($ids | Stop-QianfanBatchTask -Credential $credential -Endpoint $url -ThrottleLimit 16 -ErrorVariable failed -ErrorAction SilentlyContinue | Measure-Object).Count
            [pscustomobject]@{ Done = $done; Failed = @($failed).Count; Seconds = ([DateTime]::UtcNow.Ticks - $startAt) / 1e7 }
        }
    }
    $ends = @($jobs | Wait-Job | Receive-Job)
    $jobs | Remove-Job
    $last = ($ends.Seconds | Measure-Object -Maximum).Maximum
    [pscustomobject]@{
        Ids = $IdsPerRun
        Ratio = $last / ($Runs * $IdsPerRun / $Cap)
        FirstToLast = ($ends.Seconds | Measure-Object -Minimum).Minimum / $last
        ThrottledShare = Complete-CappedRun
        Failed = ($ends.Failed | Measure-Object -Sum).Sum
        Missing = $Runs * $IdsPerRun - ($ends.Done | Measure-Object -Sum).Sum
    }
}

function Format-Runs($Values, [string] $Format, [double] $Scale = 1) { ($Values | ForEach-Object { ($Scale * $_).ToString($Format) }) -join ', ' }

$rows = [System.Collections.Generic.List[string]]::new()
try {
    Write-Host 'Warming up...'
    $null = Measure-Run 16 0

    foreach ($shape in $Shapes) {
        foreach ($throttle in $CapThrottleLimits) {
            foreach ($cap in $Caps) {
                $runs = @(1..$Repeats | ForEach-Object { Measure-CapRun $shape $cap $throttle })
                $rows.Add(('| stop {0} ids against a {1} of {2}/s, latency {3} ms, ThrottleLimit {4}, default settings | wall / (ids / cap): {5:0.00} (runs: {6}) | throttled {7:0.0}% of requests (runs: {8}) | failed ids: {9} |' -f
                        $runs[0].Ids, $shapeNames[$shape], $cap, $LatencyMs, $throttle, (Get-Median $runs.Ratio), (Format-Runs $runs.Ratio '0.00'),
                        (100 * (Get-Median $runs.ThrottledShare)), (Format-Runs $runs.ThrottledShare '0.0' 100), (($runs.Failed | Measure-Object -Sum).Sum)))
                Write-Host $rows[-1]
            }
        }
    }

    foreach ($shape in $ColdShapes) {
        # One fresh process: an operator's first command of a session, or each worker of a fleet.
        $runs = @(1..$Repeats | ForEach-Object { Measure-ProcessRuns 1 ([int]($ColdCap * $CapSeconds)) $shape $ColdCap })
        $rows.Add(('| the first run of a fresh process: stop {0} ids against a {1} of {2}/s, latency {3} ms, ThrottleLimit 16 | wall / (ids / cap): {4:0.00} (runs: {5}) | throttled {6:0.0}% of requests (runs: {7}) | failed ids: {8} |' -f
                $runs[0].Ids, $shapeNames[$shape], $ColdCap, $LatencyMs, (Get-Median $runs.Ratio), (Format-Runs $runs.Ratio '0.00'),
                (100 * (Get-Median $runs.ThrottledShare)), (Format-Runs $runs.ThrottledShare '0.0' 100), (($runs.Failed | Measure-Object -Sum).Sum)))
        Write-Host $rows[-1]
    }

    foreach ($runCount in $SharingRuns) {
        $runs = @(1..$Repeats | ForEach-Object { Measure-ProcessRuns $runCount $SharingIds 'strict' $SharingCap })
        $rows.Add(('| {0} runs of {1} ids in separate processes started together on one strict bucket of {2}/s, ThrottleLimit 16 | last end / (all ids / cap): {3:0.00} (runs: {4}) | first end / last end: {5:0.00} (runs: {6}); throttled {7:0.0}% (runs: {8}) | ids not done: {9} |' -f
                $runCount, $SharingIds, $SharingCap, (Get-Median $runs.Ratio), (Format-Runs $runs.Ratio '0.00'), (Get-Median $runs.FirstToLast), (Format-Runs $runs.FirstToLast '0.00'),
                (100 * (Get-Median $runs.ThrottledShare)), (Format-Runs $runs.ThrottledShare '0.0' 100), (($runs.Missing | Measure-Object -Sum).Sum)))
        Write-Host $rows[-1]
    }
    if (-not $CapsOnly) {
        foreach ($throttle in $ThrottleLimits) {
            $times = @(1..$Repeats | ForEach-Object { Measure-Run $throttle $LatencyMs })
            $median = Get-Median $times
            $ideal = $Count * $LatencyMs / 1000 / $throttle
            $rows.Add(('| stop {0} ids, latency {1} ms, ThrottleLimit {2} | {3:0.000} s (runs: {4}) | {5:0} req/s | ideal {6:0.000} s, efficiency {7:0.00} |' -f
                    $Count, $LatencyMs, $throttle, $median, (($times | ForEach-Object { $_.ToString('0.000') }) -join ', '), ($Count / $median), $ideal, ($ideal / $median)))
            Write-Host $rows[-1]
        }

        $serial = @(1..$Repeats | ForEach-Object { Measure-Run 1 0 })
        $serialMedian = Get-Median $serial
        $rows.Add(('| stop {0} ids, latency 0, ThrottleLimit 1 | {1:0.000} s (runs: {2}) | {3:0} req/s | client time per request {4:0.000} ms |' -f
                $Count, $serialMedian, (($serial | ForEach-Object { $_.ToString('0.000') }) -join ', '), ($Count / $serialMedian), ($serialMedian * 1000 / $Count)))
        Write-Host $rows[-1]
        foreach ($throttle in 16, 64) {
            $peak = Get-Median @(1..$Repeats | ForEach-Object { Measure-Run $throttle 0 })
            $rows.Add(('| stop {0} ids, latency 0, ThrottleLimit {1} | {2:0.000} s | {3:0} req/s (peak) | |' -f $Count, $throttle, $peak, ($Count / $peak)))
            Write-Host $rows[-1]
        }
    }
}
finally {
    Stop-TestEmulator $emulator
}

if (-not $CapsOnly) {
    # Memory: the same run over more ids, each in a fresh process (and a fresh emulator), should peak at
    # about the same size: memory follows the throttle limit, not the number of ids.
    $pwshChild = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $childPrefix = @()
    if (-not (Test-Path $pwshChild)) { $pwshChild = (Get-Process -Id $PID).Path; $childPrefix = @(Join-Path $PSHOME 'pwsh.dll') }
    foreach ($n in $MemoryCounts) {
        $memoryEmulator = Start-TestEmulator -Arguments @('--tasks', "$n")
        try {
            $line = & $pwshChild @childPrefix -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Measure-RunMemory.ps1') -ModulePath $ModulePath -Url $memoryEmulator.Url -Count $n
        }
        finally {
            Stop-TestEmulator $memoryEmulator
        }
        $done, $peak, $seconds = ($line | Select-Object -Last 1) -split ','
        if ([int]$done -ne $n) { throw "Memory run lost ids: $done of $n." }
        $rows.Add(('| stop {0} ids streamed from a generator, ThrottleLimit 16, fresh process | {1} s | {2:0} req/s | peak working set {3:0} MiB |' -f
                $n, $seconds, ($n / [double]$seconds), ([double]$peak / 1MB)))
        Write-Host $rows[-1]
    }

    # Import cost: a fresh process that imports the module, against one that does not (whole-process
    # medians), and the Import-Module call alone timed inside a fresh process.
    $pwsh = $pwshChild
    $prefix = $childPrefix
    $modulePathFull = (Resolve-Path $ModulePath).Path
    $bare = @(); $with = @(); $inside = @()
    for ($i = 0; $i -lt $ImportRepeats; $i++) {
        $bare += (Measure-Command { & $pwsh @prefix -NoProfile -NonInteractive -Command '$null' }).TotalMilliseconds
        $with += (Measure-Command { & $pwsh @prefix -NoProfile -NonInteractive -Command "Import-Module '$modulePathFull'" }).TotalMilliseconds
        $inside += [double](& $pwsh @prefix -NoProfile -NonInteractive -Command "`$w = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$modulePathFull'; `$w.Elapsed.TotalMilliseconds")
    }
    $rows.Add(('| Import-Module, fresh pwsh with import vs without ({0} each) | {1:0} ms vs {2:0} ms | difference {3:0} ms | Import-Module alone, inside a fresh pwsh: median {4:0} ms |' -f
            $ImportRepeats, (Get-Median $with), (Get-Median $bare), ((Get-Median $with) - (Get-Median $bare)), (Get-Median $inside)))
    Write-Host $rows[-1]
}

$cpu = (Get-Content /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^model name\s*:\s*', ''
# The budget is how much short-lived garbage may pile up between collections: it, not the module, sets the peak.
$gcConfig = [GC]::GetConfigurationVariables()
$gen0Budget = if ($gcConfig.ContainsKey('GCGen0MaxBudget')) { '{0:0} MiB' -f ($gcConfig['GCGen0MaxBudget'] / 1MB) } else { 'not reported' }
$report = @"
# Benchmark results

- Command: ``dotnet pwsh ./build.ps1 Bench`` (bench/Invoke-Benchmark.ps1, $Repeats runs each, medians)
- Date: $((Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm')) UTC
- Machine: $([Environment]::ProcessorCount) cores$(if ($cpu) { ", $cpu" }), $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription), PowerShell $($PSVersionTable.PSVersion), .NET $([Environment]::Version)
- The emulator runs on the same machine and shares its cores with the client.$(if ($Note) { "`n- $Note" })
- Peak working set follows the runtime's gen0 budget, which .NET sizes from the CPU's cache: $gen0Budget here. Compare memory rows across machines only with the same budget (or set ``DOTNET_GCgen0size``).

| run | wall time (median) | rate | figure |
|---|---|---|---|
$($rows -join "`n")
"@
Set-Content -Path $ResultPath -Value $report
Write-Host ''
Write-Host $report
