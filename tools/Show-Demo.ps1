<#
.SYNOPSIS
    Shows the module at work against the local emulator: started on a free loopback port with
    demo keys, stopped again whatever happens.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $EmulatorPath
)
$ErrorActionPreference = 'Stop'

function Show([string] $Command, [scriptblock] $Script) {
    Write-Host ''
    Write-Host "PS> $Command" -ForegroundColor Yellow
    & $Script | Out-Host
}

$work = Join-Path ([IO.Path]::GetTempPath()) "qianfan-demo-$PID"
New-Item -ItemType Directory $work -Force | Out-Null
$emulator = $null
try {
    $start = [System.Diagnostics.ProcessStartInfo]::new((Get-Command dotnet -CommandType Application | Select-Object -First 1).Source)
    foreach ($a in $EmulatorPath, '--port', '0', '--access-key', 'demo-access-key', '--tasks', '12', '--latency-ms', '15') {
        $start.ArgumentList.Add($a)
    }
    $start.Environment['QIANFAN_EMULATOR_SECRET_KEY'] = 'demo-secret-key'
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $emulator = [System.Diagnostics.Process]::Start($start)
    $line = $emulator.StandardOutput.ReadLine()
    if ($line -notmatch '(http://\S+)') { throw "The emulator did not start: $line" }
    $url = $Matches[1]
    Write-Host "Emulator: $line" -ForegroundColor Green

    $env:QIANFAN_CONSOLE_API_BASE_URL = $url
    $env:QIANFAN_ACCESS_KEY = 'demo-access-key'
    $env:QIANFAN_SECRET_KEY = 'demo-secret-key'
    Import-Module $ModulePath -Force

    # A file as operators have them: CRLF line ends, a blank line, trailing spaces.
    $ids = Join-Path $work 'ids.txt'
    [IO.File]::WriteAllText($ids, "infer-000001`r`ninfer-000002  `r`n`r`ninfer-000003`r`ninfer-000004`r`n")

    Show 'Get-Content ids.txt | Stop-QianfanBatchTask' { Get-Content $ids | Stop-QianfanBatchTask }
    Show 'Remove-QianfanBatchTask -TaskId infer-000001, infer-000002 -WhatIf' { Remove-QianfanBatchTask -TaskId infer-000001, infer-000002 -WhatIf }
    Show 'Remove-QianfanBatchTask -TaskId infer-000001, infer-000002 -Force' { Remove-QianfanBatchTask -TaskId infer-000001, infer-000002 -Force }
    Show "Remove-QianfanBatchTask -TaskId infer-000005 -Force   # still running" {
        Remove-QianfanBatchTask -TaskId infer-000005 -Force -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed | ForEach-Object { "Error: $($_.Exception.Message)"; "  FullyQualifiedErrorId: $($_.FullyQualifiedErrorId)"; "  Next step: $($_.ErrorDetails.RecommendedAction)" }
    }
    Show 'Stop-QianfanBatchTask -TaskId infer-does-not-exist, infer-000006' {
        Stop-QianfanBatchTask -TaskId infer-does-not-exist, infer-000006 -ErrorAction SilentlyContinue -ErrorVariable failed
        $failed | ForEach-Object { "Error for '$($_.TargetObject)': $($_.Exception.Message)"; "  Category: $($_.CategoryInfo.Category); next step: $($_.ErrorDetails.RecommendedAction)" }
    }
    if (Get-Command Get-QianfanBatchTask -ErrorAction Ignore) {
        Show 'Get-QianfanBatchTask -Status Stopped' { Get-QianfanBatchTask -Status Stopped }
    }
    $stats = Invoke-RestMethod "$url/_emulator/stats"
    Write-Host ''
    Write-Host "The emulator saw: $(($stats.byAction.PSObject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }) -join ', ')" -ForegroundColor Green
}
finally {
    if ($emulator -and -not $emulator.HasExited) {
        $emulator.Kill()
        $null = $emulator.WaitForExit(10000)
        Write-Host 'Emulator stopped.' -ForegroundColor Green
    }
    Remove-Item $work -Recurse -Force -ErrorAction Ignore
}
