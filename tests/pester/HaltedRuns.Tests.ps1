#Requires -Modules Pester
# Runs that stop sending (an endpoint that never answers, -ErrorAction Stop): every id not done can be
# recovered the usual ways, nothing is sent once the run knows it must stop, and a silent endpoint costs
# about two attempt timeouts.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '400', '--latency-ms', '0')
    $script:common = @{ Credential = (New-TestCredential); Endpoint = $script:emulator.Url }
    function Get-Ids([int] $From, [int] $Count) { $From..($From + $Count - 1) | ForEach-Object { 'infer-{0:D6}' -f $_ } }
    function Set-Tasks([string[]] $Ids, [string] $Status) {
        Set-EmulatorTasks $script:emulator -Tasks ($Ids | ForEach-Object { @{ taskId = $_; runStatus = $Status } })
    }
    # The code of one "### Example N" of a help file, as the help shows it.
    function Get-HelpExample([string] $Command, [int] $Number) {
        $text = Get-Content -Raw (Join-Path $PSScriptRoot "../../src/Qianfan/Help/$Command.md")
        $pattern = "(?s)### Example ${Number}:[^\n]*\n``````powershell\r?\n(.*?)\r?\n``````"
        if ($text -notmatch $pattern) { throw "no Example $Number in the help of $Command" }
        $Matches[1]
    }
}

AfterAll { Stop-TestEmulator $script:emulator }

Describe 'A run against an endpoint that never answers loses no id' {
    BeforeAll {
        $script:ids = Get-Ids 1 100
        Set-Tasks $script:ids 'Running'
    }
    BeforeEach { $null = Set-EmulatorConfig $script:emulator @{ blackHole = $true } }
    AfterEach { $null = Set-EmulatorConfig $script:emulator @{ blackHole = $false } }

    It '-ErrorVariable keeps every id not done as a TargetObject, with one error for all the ids not attempted' {
        $ErrorActionPreference = 'Continue'   # as at the prompt
        $results = @($script:ids | Stop-QianfanBatchTask @common -ThrottleLimit 32 -TimeoutSec 1 -ErrorVariable failed 2>$null)

        $recovered = @($failed.TargetObject | Sort-Object -Unique)
        $recovered | Should -Be @($script:ids | Where-Object { $_ -notin $results.TaskId } | Sort-Object)
        $failed | ForEach-Object { $_ | Should -BeOfType [System.Management.Automation.ErrorRecord] }
        $stopped = @($failed | Where-Object FullyQualifiedErrorId -like 'RunStopped,*')
        $stopped.Count | Should -Be 1
        $stopped[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        # The console shows the 32 ids tried, one error each, and the 68 others in that one error.
        @($failed).Count | Should -Be (32 + 1)
        @($stopped[0].TargetObject).Count | Should -Be (100 - 32)
    }

    It 'try/catch under -ErrorAction Stop catches one error whose TargetObject holds every id not done' {
        $done = [System.Collections.Generic.List[string]]::new()
        $caught = $null
        try {
            $script:ids | Stop-QianfanBatchTask @common -ThrottleLimit 32 -TimeoutSec 1 -ErrorAction Stop | ForEach-Object { $done.Add($_.TaskId) }
        } catch { $caught = $_ }

        $caught | Should -Not -BeNullOrEmpty
        @($caught.TargetObject | Sort-Object -Unique) | Should -Be @($script:ids | Where-Object { $_ -notin $done } | Sort-Object)
        $caught.ErrorDetails.Message | Should -Match 'The run ended here \(-ErrorAction Stop\)'
    }

    It 'the help''s Example 6, run as written, stops every id once the endpoint answers again' {
        $example = Get-HelpExample 'Stop-QianfanBatchTask' 6
        $folder = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
        $null = New-Item -ItemType Directory $folder
        Set-Content -Path (Join-Path $folder 'ids.txt') -Value $script:ids
        $again = $null
        $emulator = $script:emulator
        $sleeps = [System.Collections.Generic.List[int]]::new()
        # The minute the example waits passes at once, and the endpoint comes back meanwhile.
        function Start-Sleep([int] $Seconds) {
            $sleeps.Add($Seconds)
            $null = Set-EmulatorConfig $emulator @{ blackHole = $false }
        }
        $PSDefaultParameterValues = @{
            'Stop-QianfanBatchTask:Credential' = $script:common.Credential
            'Stop-QianfanBatchTask:Endpoint'   = $script:common.Endpoint
            'Stop-QianfanBatchTask:TimeoutSec' = 1
        }
        Push-Location $folder
        try {
            $second = @(. ([scriptblock]::Create($example)))
        } finally {
            Pop-Location
            Remove-Item -Recurse -Force $folder
        }

        $sleeps | Should -Be @(60)
        @($again | Sort-Object -Unique) | Should -Be @($script:ids | Sort-Object)
        @($second.TaskId | Sort-Object) | Should -Be @($script:ids | Sort-Object) -Because 'the ids tried again are stopped once the endpoint answers'
    }

    It 'Remove''s Example 6, run as written, keeps one row per id not deleted in failed.csv' {
        $example = Get-HelpExample 'Remove-QianfanBatchTask' 6
        $ids = $script:ids | Select-Object -First 60
        Set-Tasks $ids 'Stopped'
        $folder = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
        $null = New-Item -ItemType Directory $folder
        $ids | ForEach-Object { [pscustomobject]@{ TaskId = $_ } } | Export-Csv (Join-Path $folder 'old.csv') -NoTypeInformation
        $PSDefaultParameterValues = @{
            'Remove-QianfanBatchTask:Credential' = $script:common.Credential
            'Remove-QianfanBatchTask:Endpoint'   = $script:common.Endpoint
            'Remove-QianfanBatchTask:TimeoutSec' = 1
        }
        $ErrorActionPreference = 'Continue'   # as at the prompt: the example's last line runs again into the silent endpoint
        Push-Location $folder
        try {
            $null = . ([scriptblock]::Create($example)) 2>$null
            $rows = @(Import-Csv failed.csv)
        } finally {
            Pop-Location
            Remove-Item -Recurse -Force $folder
        }

        @($rows.TaskId | Sort-Object -Unique) | Should -Be @($ids | Sort-Object)
        $rows.Count | Should -Be $ids.Count -Because 'each id is one row, whether it failed or was not attempted'
        @($rows | Where-Object Error -eq 'RunStopped').Count | Should -BeGreaterThan 0
    }

    It 'stops starting new ids after the first round and gives no id a third attempt (defaults but -TimeoutSec 1)' {
        $ids = $script:ids | Select-Object -First 50
        $watch = [System.Diagnostics.Stopwatch]::StartNew()
        $output = @($ids | Stop-QianfanBatchTask @common -TimeoutSec 1 -ErrorVariable failed -ErrorAction SilentlyContinue -Verbose 4>&1)
        $watch.Stop()
        Write-Host "    50 ids, -ThrottleLimit 8, -TimeoutSec 1, endpoint never answers: $([int]$watch.Elapsed.TotalMilliseconds) ms"

        $attempts = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match ': attempt (\d+), timed out' } |
            ForEach-Object { [int]($_.Message -replace '^.*: attempt (\d+), timed out.*$', '$1') })
        ($attempts | Measure-Object -Maximum).Maximum | Should -Be 2
        $perId = @($failed | Where-Object FullyQualifiedErrorId -notlike 'RunStopped,*')
        $perId.Count | Should -Be 8 -Because 'only the first round started: the places it freed went to its retries'
        @($failed | Where-Object FullyQualifiedErrorId -like 'RunStopped,*').Count | Should -Be 1
        @($failed.TargetObject | Sort-Object -Unique).Count | Should -Be 50
        $summaries = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like 'Stop batch inference task: * succeeded, *' })
        $summaries.Count | Should -Be 1 -Because 'the run is summed up once, before its RunStopped error'
    }
}

Describe '-ErrorAction Stop sends nothing once a failure has come back' {
    It '<Command> at -ThrottleLimit <Limit>: no request starts after the failure''s answer, beyond those in flight' -ForEach @(
        @{ Command = 'Stop-QianfanBatchTask'; Limit = 1; From = 101; Status = 'Running' }
        @{ Command = 'Stop-QianfanBatchTask'; Limit = 16; From = 161; Status = 'Running' }
        @{ Command = 'Remove-QianfanBatchTask'; Limit = 1; From = 221; Status = 'Stopped' }
        @{ Command = 'Remove-QianfanBatchTask'; Limit = 16; From = 281; Status = 'Stopped' }
    ) {
        $known = Get-Ids $From 50
        Set-Tasks $known $Status
        $unknown = "infer-unknown-$From"
        $ids = @($unknown) + $known
        $extra = if ($Command -eq 'Remove-QianfanBatchTask') { @{ Force = $true } } else { @{} }
        Reset-EmulatorStats $script:emulator
        $written = [System.Collections.Generic.List[object]]::new()
        $caught = $null
        try {
            $ids | & $Command @common @extra -ThrottleLimit $Limit -ErrorAction Stop | ForEach-Object { $written.Add($_) }
        } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -BeLike 'ResourceNotFound,*'
        $log = @((Get-EmulatorStats $script:emulator).log)
        $failedAnswer = $log | Where-Object { $_.event -eq 'answered' -and $_.taskId -eq $unknown } | Select-Object -First 1
        $failedAnswer | Should -Not -BeNullOrEmpty
        $startedAfter = @($log | Where-Object { $_.event -eq 'received' -and $_.seq -gt $failedAnswer.seq })
        # At most Limit - 1 other requests hold a place when the failure is read. The emulator sees its
        # answer go out a moment before the module reads it; in that moment the places of requests
        # answered just before may be taken once more (the module has not read the failure yet), so
        # from the emulator's side the bound is twice that. At -ThrottleLimit 1 it is exact: nothing.
        $startedAfter.Count | Should -BeLessOrEqual (2 * ($Limit - 1)) -Because 'no request starts once the failure has come back, beyond those in flight'
        # Every id the service acted on is reported, and every id received but not done is in the error's TargetObject.
        $actedOn = @($log | Where-Object { $_.event -eq 'answered' -and $_.taskId -ne $unknown -and -not $_.code } | ForEach-Object taskId)
        @($written.TaskId | Sort-Object) | Should -Be @($actedOn | Sort-Object)
        $notDone = @($caught.TargetObject)
        $notDone[0] | Should -Be $unknown
        @($notDone | Where-Object { $_ -in $written.TaskId }) | Should -BeNullOrEmpty
        if ($written.Count + $notDone.Count -lt $ids.Count) {
            $caught.ErrorDetails.Message | Should -Match 'Ids still to come from the pipeline were not read\.'
        }
        $caught.ErrorDetails.Message | Should -Match "; $($notDone.Count - 1) id\(s\) received were not sent\."
    }
}
