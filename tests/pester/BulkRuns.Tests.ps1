#Requires -Modules Pester
# Bulk runs under faults: every id ends exactly once, in order; a stopped run abandons what is in flight.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '4000', '--seed', '5', '--retry-after-sec', '1')
    $keys = Get-TestKeys
    $script:common = @{ Credential = (New-TestCredential); Endpoint = $script:emulator.Url }
    function Get-Ids([int] $From, [int] $Count) { $From..($From + $Count - 1) | ForEach-Object { 'infer-{0:D6}' -f $_ } }
}

AfterAll { Stop-TestEmulator $script:emulator }

Describe 'Bulk runs under faults' {
    BeforeEach { Reset-EmulatorStats $script:emulator }
    AfterEach { $null = Set-EmulatorConfig $script:emulator @{ failRate = 0; throttleRate = 0; resetRate = 0; latencyMs = 0; retryAfterSec = 1 } }

    It '2,000 ids with 20% 500s, 10% 429s and 5% dropped connections all succeed, once each, in order' {
        $ids = Get-Ids 1 2000
        # Retry-After 0: the client then waits its own backoff; honouring longer values is proved in the client's own tests.
        $null = Set-EmulatorConfig $script:emulator @{ failRate = 0.2; throttleRate = 0.1; resetRate = 0.05; retryAfterSec = 0 }

        $warnings = $null
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -MaxRetryCount 15 -ErrorVariable failures -WarningVariable warnings -WarningAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $results.Count | Should -Be 2000
        $results.TaskId | Should -Be $ids
        $stats = Get-EmulatorStats $script:emulator
        # The faults really happened, and were retried through.
        $stats.faults.fail | Should -BeGreaterThan 100
        $stats.faults.throttle | Should -BeGreaterThan 50
        $stats.faults.reset | Should -BeGreaterThan 20
        $table = Get-EmulatorTasks $script:emulator
        ($ids | Where-Object { $table.$_ -ne 'Stopped' }).Count | Should -Be 0
        # A dropped connection whose stop had happened is reported done, with a warning saying why.
        $warnings.Count | Should -BeGreaterThan 0
        $warnings[0].Message | Should -Match 'earlier attempt'
    }

    It 'when the service fails every request, every id ends as one error after its retry budget of three attempts' {
        $ids = Get-Ids 2001 60
        $null = Set-EmulatorConfig $script:emulator @{ failRate = 1.0 }
        $results = @($ids | Stop-QianfanBatchTask @common -MaxRetryCount 2 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $results.Count | Should -Be 0
        $failures.Count | Should -Be 60
        $failures.TargetObject | Should -Be $ids
        # The budget bounds the run by its count of requests: one attempt and two retries per id, no more.
        Get-ActionCount (Get-EmulatorStats $script:emulator) 'StopBatchInferenceTask' | Should -Be 180
    }

    It 'a service that throttles a share of requests at random slows the run without stalling it' {
        $ids = Get-Ids 2101 300
        $null = Set-EmulatorConfig $script:emulator @{ throttleRate = 0.3; latencyMs = 20; retryAfterSec = 0 }
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 32 -MaxRetryCount 15 -Verbose 4>&1)
        $objects = $results | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
        $objects.TaskId | Should -Be $ids
        $summary = ($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Select-Object -Last 1).Message
        $summary | Should -Match '300 succeeded, 0 failed'
        $summary | Should -Match '\d+ attempt\(s\) were throttled, requests were paced at'
    }

    It 'Select-Object -First 5 ends the run quietly, with no further requests' {
        $ids = Get-Ids 2401 200
        $null = Set-EmulatorConfig $script:emulator @{ latencyMs = 30 }
        $first = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 4 -ErrorVariable failures | Select-Object -First 5)
        $first.TaskId | Should -Be $ids[0..4]
        $failures.Count | Should -Be 0
        $after = (Get-EmulatorStats $script:emulator).total
        Start-Sleep -Milliseconds 500
        (Get-EmulatorStats $script:emulator).total | Should -Be $after
        $after | Should -BeLessThan 40
    }

    It 'stopping the pipeline (Ctrl+C) abandons the requests in flight and sends no more' {
        $ids = Get-Ids 2601 100
        # The emulator counts a request once its latency has passed, and tracks how many are in flight.
        $null = Set-EmulatorConfig $script:emulator @{ latencyMs = 3000 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Ids, $Common)
                    Import-Module $ModulePath
                    $Ids | Stop-QianfanBatchTask @Common -ThrottleLimit 8
                }).AddArgument($env:QIANFAN_TEST_MODULE).AddArgument($ids).AddArgument($script:common)
            $null = $ps.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(20)
            while ((Get-EmulatorStats $script:emulator).maxConcurrent -lt 8 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 20 }
            (Get-EmulatorStats $script:emulator).maxConcurrent | Should -Be 8

            $ps.Stop()

            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            # The stop did not wait for the eight in flight (none had passed its latency), and sent no more.
            $atStop = Get-EmulatorStats $script:emulator
            $atStop.total | Should -Be 0
            $atStop.maxConcurrent | Should -Be 8
            # A request sent now waits the same latency as the eight, which started theirs earlier: had they been
            # left running, or had more gone out meanwhile, the emulator would count them before it answers this one.
            @(Stop-QianfanBatchTask @common -TaskId (Get-Ids 2701 1)).Count | Should -Be 1
            (Get-EmulatorStats $script:emulator).total | Should -Be 1
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'shows progress with a percentage on a run of a few seconds, and nothing when progress is silenced' -ForEach @(
        @{ Preference = 'Continue'; Expect = $true }
        @{ Preference = 'SilentlyContinue'; Expect = $false }
    ) {
        $ids = Get-Ids (3001 + 100 * [int]$Expect) 60
        $null = Set-EmulatorConfig $script:emulator @{ latencyMs = 200 }
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript({
                    param($ModulePath, $Ids, $Common, $Preference)
                    $ProgressPreference = $Preference
                    Import-Module $ModulePath
                    Stop-QianfanBatchTask -TaskId $Ids @Common -ThrottleLimit 4
                }).AddArgument($env:QIANFAN_TEST_MODULE).AddArgument($ids).AddArgument($script:common).AddArgument($Preference)
            $output = $ps.Invoke()
            $output.Count | Should -Be 60
            $progress = @($ps.Streams.Progress)
            if ($Expect) {
                $progress.Count | Should -BeGreaterThan 1
                $running = $progress | Where-Object RecordType -EQ 'Processing'
                $running[-1].StatusDescription | Should -Match '^\d+ done, 0 failed, [\d.]+/s$'
                $running[-1].PercentComplete | Should -BeGreaterThan 0
                $progress[-1].RecordType | Should -Be 'Completed'
            }
            else {
                $progress.Count | Should -Be 0
            }
        }
        finally {
            $ps.Dispose()
        }
    }

    It 'writes a verbose summary with succeeded, failed, retried, skipped and elapsed' {
        $ids = Get-Ids 2801 5
        $verbose = @(Stop-QianfanBatchTask @common -TaskId ($ids + '' + $ids[0] + 'infer-zzz') -Verbose -ErrorAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] })
        $verbose[-1].Message | Should -Match '5 succeeded, 1 failed, 0 retried, 2 skipped'
        $verbose[-1].Message | Should -Match 'in \d+\.\d\d s'
        # one line per request: action, id, HTTP status, request id, elapsed
        $line = $verbose | Where-Object Message -like "StopBatchInferenceTask $($ids[0])*" | Select-Object -First 1
        $line.Message | Should -Match 'HTTP 200, request id [0-9a-f-]{36}, \d+ ms'
    }
}
