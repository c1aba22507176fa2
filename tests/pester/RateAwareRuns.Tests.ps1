#Requires -Modules Pester
# Runs against a rate-limited service: every id done once, in order; run-wide failures end the run fast.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:emulator = Start-TestEmulator -Arguments @('--tasks', '3340', '--latency-ms', '20')
    $script:common = @{ Credential = (New-TestCredential); Endpoint = $script:emulator.Url }
    function Get-Ids([int] $From, [int] $Count) { $From..($From + $Count - 1) | ForEach-Object { 'infer-{0:D6}' -f $_ } }
    function Get-StopCount($Stats, [string] $Id) {
        $entry = $Stats.byId.PSObject.Properties[$Id]
        if ($entry -and $entry.Value.PSObject.Properties['StopBatchInferenceTask']) { [int]$entry.Value.StopBatchInferenceTask } else { 0 }
    }
}

AfterAll { Stop-TestEmulator $script:emulator }

Describe 'Rate-aware runs' {
    BeforeEach { Reset-EmulatorStats $script:emulator }
    AfterEach { $null = Set-EmulatorConfig $script:emulator @{ qps = 0; qpsBucket = 0; qpsWindow = $false; rpm = 0; rateLimitHeaders = $false; throttleStatus = 429; latencyMs = 20 } }

    It 'at a cap of <Qps>/s every id succeeds once, in order, with default settings' -ForEach @(
        @{ Qps = 5; From = 1; Count = 40 }
        @{ Qps = 50; From = 101; Count = 400 }
    ) {
        $null = Set-EmulatorConfig $script:emulator @{ qps = $Qps }
        $ids = Get-Ids $From $Count
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $results.TaskId | Should -Be $ids
        $stats = Get-EmulatorStats $script:emulator
        $stats.faults.rateLimited | Should -BeGreaterThan 0 -Because 'the cap must really have been hit'
        @($ids | Where-Object { (Get-StopCount $stats $_) -ne 1 }).Count | Should -Be 0 -Because 'each id is carried out by the service exactly once'
    }

    # How the real gateway enforces its per-second limit is not published (docs: a strict bucket, a
    # second's bucket, a fixed window); the run must finish against each. Timing is judged in the benchmark.
    # A strict bucket of 10/s holds one token: it throttles any request that reaches it sooner than
    # 100 ms after the last one it let through, so requests that arrive unevenly are throttled at a pace under it.
    It 'against a <Shape> of <Cap>/s every id succeeds once, in order' -ForEach @(
        @{ Shape = 'strict token bucket'; Cap = 20; Config = @{ qps = 20; qpsBucket = 2 }; From = 3001; Count = 100 }
        @{ Shape = 'token bucket of a second''s worth'; Cap = 20; Config = @{ qps = 20 }; From = 3101; Count = 100 }
        @{ Shape = 'fixed one-second window'; Cap = 20; Config = @{ qps = 20; qpsWindow = $true }; From = 3201; Count = 100 }
        @{ Shape = 'strict token bucket of one token'; Cap = 10; Config = @{ qps = 10; qpsBucket = 1 }; From = 3301; Count = 40 }
    ) {
        $null = Set-EmulatorConfig $script:emulator $Config
        $ids = Get-Ids $From $Count
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)

        $failures.Count | Should -Be 0
        $results.TaskId | Should -Be $ids
        $stats = Get-EmulatorStats $script:emulator
        $stats.faults.rateLimited | Should -BeGreaterThan 0 -Because 'the cap must really have been hit'
        @($ids | Where-Object { (Get-StopCount $stats $_) -ne 1 }).Count | Should -Be 0 -Because 'each id is carried out by the service exactly once'
    }

    It 'throttling codes sent with HTTP 200 are throttling too: every id succeeds' {
        $null = Set-EmulatorConfig $script:emulator @{ qps = 20; throttleStatus = 200 }
        $ids = Get-Ids 601 100
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue -Verbose 4>&1)
        $objects = @($results | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })
        $summary = ($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Select-Object -Last 1).Message

        $failures.Count | Should -Be 0
        $objects.TaskId | Should -Be $ids
        (Get-EmulatorStats $script:emulator).faults.rateLimited | Should -BeGreaterThan 0
        $summary | Should -Match '\d+ attempt\(s\) were throttled, requests were paced at'
    }

    It '-MaxRequestsPerSecond below the service cap means the service never has to throttle' {
        $null = Set-EmulatorConfig $script:emulator @{ qps = 20 }
        $ids = Get-Ids 701 40
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -MaxRequestsPerSecond 10)
        $results.TaskId | Should -Be $ids
        (Get-EmulatorStats $script:emulator).faults.rateLimited | Should -Be 0
    }

    It 'a published per-minute limit is kept to before the service throttles' {
        $null = Set-EmulatorConfig $script:emulator @{ rpm = 60; rateLimitHeaders = $true; latencyMs = 0 }
        $ids = Get-Ids 801 60
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 4)
        $results.TaskId | Should -Be $ids
        (Get-EmulatorStats $script:emulator).faults.rateLimited | Should -Be 0
    }

    It 'a per-id failure streak (unknown ids) never ends the run' {
        $unknown = 1..150 | ForEach-Object { 'infer-missing-{0:D4}' -f $_ }
        $ids = @($unknown) + @(Get-Ids 901 5)
        $results = @($ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $failures.Count | Should -Be 150
        $failures.FullyQualifiedErrorId | Where-Object { $_ -notlike 'ResourceNotFound*' } | Should -BeNullOrEmpty
        $results.TaskId | Should -Be (Get-Ids 901 5)
    }
}

Describe 'Run-wide failures end the run' {
    BeforeEach { Reset-EmulatorStats $script:emulator }

    It 'a wrong secret key with 1,000 ids sends at most 3 x ThrottleLimit requests and ends in one RunStopped error' {
        $ids = Get-Ids 1001 1000
        $wrong = New-TestCredential -SecretKey 'not-the-secret-key'
        $results = @($ids | Stop-QianfanBatchTask -Credential $wrong -Endpoint $script:emulator.Url -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue)
        # The run's closing error is written like the others, so -ErrorVariable keeps it as a record.
        $caught = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RunStopped*' })[0]

        $stats = Get-EmulatorStats $script:emulator
        ($stats.authFailures + $stats.total) | Should -BeLessOrEqual 48
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'RunStopped*'
        $caught.Exception.Message | Should -Match 'SignatureDoesNotMatch'
        $caught.ErrorDetails.Message | Should -Match '0 done, \d+ failed, \d+ not attempted'
        $perId = @($failures | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -notlike 'RunStopped*' })
        ($perId.Count + @($caught.TargetObject).Count) | Should -Be 1000 -Because 'every id is either a written failure or listed as not attempted'
        @($caught.TargetObject)[-1] | Should -Be $ids[-1]
    }

    It 'Get-QianfanBatchTask -TaskId with a wrong secret key and 1,000 ids ends the same way, in one RunStopped error' {
        $ids = Get-Ids 1001 1000
        $wrong = New-TestCredential -SecretKey 'not-the-secret-key'
        $null = $ids | Get-QianfanBatchTask -Credential $wrong -Endpoint $script:emulator.Url -ThrottleLimit 16 -ErrorVariable failures -ErrorAction SilentlyContinue
        # The run's closing error is written like the others, so -ErrorVariable keeps it as a record.
        $caught = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RunStopped*' })[0]

        $stats = Get-EmulatorStats $script:emulator
        ($stats.authFailures + $stats.total) | Should -BeLessOrEqual 48
        $caught | Should -Not -BeNullOrEmpty
        $caught.FullyQualifiedErrorId | Should -BeLike 'RunStopped*'
        $caught.Exception.Message | Should -Match 'SignatureDoesNotMatch'
        $caught.ErrorDetails.Message | Should -Match '^Describing tasks stopped sending: .* 0 done, \d+ failed, \d+ not attempted'
        $perId = @($failures | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -notlike 'RunStopped*' })
        @($perId | Where-Object { $_.FullyQualifiedErrorId -notlike 'SignatureDoesNotMatch*' }) | Should -BeNullOrEmpty
        ($perId.Count + @($caught.TargetObject).Count) | Should -Be 1000 -Because 'every id is either a written failure or listed as not attempted'
        @(@($perId.TargetObject) + @($caught.TargetObject) | Sort-Object -Unique).Count | Should -Be 1000 -Because 'no id is reported twice'
        @($caught.TargetObject)[-1] | Should -Be $ids[-1]
    }

    It 'an endpoint that never answers ends the run after about one id''s worth of attempts' {
        $null = Set-EmulatorConfig $script:emulator @{ blackHole = $true }
        $ids = Get-Ids 2001 1000
        try {
            $null = $ids | Stop-QianfanBatchTask @common -ThrottleLimit 16 -TimeoutSec 1 -MaxRetryCount 1 -ErrorVariable failures -ErrorAction SilentlyContinue
        } finally { $null = Set-EmulatorConfig $script:emulator @{ blackHole = $false } }
        # The run's closing error is written like the others, so -ErrorVariable keeps it as a record.
        $caught = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RunStopped*' })[0]

        $caught.FullyQualifiedErrorId | Should -BeLike 'RunStopped*'
        $caught.ErrorDetails.Message | Should -Match 'no answer in time'
        # Counted, not timed: the ids that were tried are the few in flight when the run stopped; the rest were never sent.
        $notAttempted = @($caught.TargetObject)
        $perId = @($failures | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] -and $_.FullyQualifiedErrorId -notlike 'RunStopped*' })
        $notAttempted.Count | Should -BeGreaterThan 900
        ($perId.Count + $notAttempted.Count) | Should -Be 1000 -Because 'every id is either a written failure or listed as not attempted'
    }

    It 'a refused port ends the run and says nothing listens there' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $null = Get-Ids 1 1000 | Stop-QianfanBatchTask -Credential (New-TestCredential) -Endpoint "http://127.0.0.1:$port" -ErrorVariable failures -ErrorAction SilentlyContinue
        # The run's closing error is written like the others, so -ErrorVariable keeps it as a record.
        $caught = @($failures | Where-Object { $_.FullyQualifiedErrorId -like 'RunStopped*' })[0]

        $caught.FullyQualifiedErrorId | Should -BeLike 'RunStopped*'
        $caught.ErrorDetails.Message | Should -Match 'connection refused'
        $caught.ErrorDetails.RecommendedAction | Should -Match 'Nothing listens at the endpoint'
        @($caught.TargetObject).Count | Should -BeGreaterThan 900
        $failures[0].Exception.Message | Should -Not -Match 'even after'
    }
}
