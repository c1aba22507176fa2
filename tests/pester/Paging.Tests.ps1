#Requires -Modules Pester
# Listing over several pages, against each way the emulator pages (the vendor's: marker echoed and
# nextMarker; the older: the page's last task as the marker), and runs throttled in the older APIs'
# error shape under HTTP 200.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $pagingShapes = Get-PagingShapes
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    function Get-Ids([int] $From, [int] $Count) { $From..($From + $Count - 1) | ForEach-Object { 'infer-{0:D6}' -f $_ } }
    function Get-ListCount($Emulator) { Get-ActionCount (Get-EmulatorStats $Emulator) 'DescribeBatchInferenceTasks' }
}

Describe 'Listing 250 tasks (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll {
        # Seeded: infer-000001 .. infer-000250, Running, named nightly-eval-, product-summaries-, adhoc-test- in turn, a minute apart.
        $script:emulator = Start-TestEmulator -Arguments '--tasks', '250', '--paging', $Paging
        $script:c = @{ Credential = New-TestCredential; Endpoint = $emulator.Url }
        $script:cred = $c.Credential
    }
    AfterAll { Stop-TestEmulator $emulator }
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'writes every task exactly once, in order, from 3 pages' {
        $tasks = @(Get-QianfanBatchTask @c -ErrorVariable failed)

        $failed.Count | Should -Be 0
        $tasks.Count | Should -Be 250
        $tasks.TaskId | Should -Be (Get-Ids 1 250)
        Get-ListCount $emulator | Should -Be 3
    }

    It '-First 7 writes the first 7 from one page' {
        @(Get-QianfanBatchTask @c -First 7).TaskId | Should -Be (Get-Ids 1 7)
        Get-ListCount $emulator | Should -Be 1
    }

    It '-Name keeps the matching tasks of every page' {
        $tasks = @(Get-QianfanBatchTask @c -Name 'adhoc-test-*')

        $tasks.TaskId | Should -Be (1..83 | ForEach-Object { 'infer-{0:D6}' -f (3 * $_) })
        Get-ListCount $emulator | Should -Be 3
    }

    It '-CreatedBefore keeps the tasks created before a bound, from every page' {
        # Between the creation times of infer-000150 and infer-000151 (a minute apart), as the service describes them.
        $times = @(Get-QianfanBatchTask @c -TaskId infer-000150, infer-000151).CreateTimeUtc
        $bound = $times[0].AddSeconds(30)
        $times[1] | Should -BeGreaterThan $bound

        @(Get-QianfanBatchTask @c -CreatedBefore $bound).TaskId | Should -Be (Get-Ids 1 150)
    }

    It '-TaskId completion offers tasks from the last page' {
        $line = 'Stop-QianfanBatchTask -Credential $cred -Endpoint ' + $emulator.Url + ' -TaskId infer-0002'
        $offered = @((TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | Where-Object ResultType -EQ 'ParameterValue')

        $offered.CompletionText | Should -Be (Get-Ids 200 51)
    }

    It 'Get -Status Running | Select -First 120 | Stop stops those 120 and no other' {
        $results = @(Get-QianfanBatchTask @c -Status Running | Select-Object -First 120 | Stop-QianfanBatchTask @c -ErrorVariable failed)

        $failed.Count | Should -Be 0
        $results.TaskId | Should -Be (Get-Ids 1 120)
        $table = Get-EmulatorTasks $emulator
        @($table.PSObject.Properties | Where-Object Value -EQ 'Stopped').Name | Should -Be (Get-Ids 1 120)
        Get-ActionCount (Get-EmulatorStats $emulator) 'StopBatchInferenceTask' | Should -Be 120
        Get-ListCount $emulator | Should -BeLessOrEqual 2
    }
}

Describe 'A run throttled in the older error shape under HTTP 200' {
    BeforeAll {
        $script:throttling = Start-TestEmulator -Arguments '--tasks', '200', '--qps', '20', '--throttle-status', '200', '--throttle-shape', 'legacy'
        $script:t = @{ Credential = New-TestCredential; Endpoint = $throttling.Url }
    }
    AfterAll { Stop-TestEmulator $throttling }

    It 'stops all 200 ids, each once, with no error' {
        $ids = Get-Ids 1 200
        $results = @($ids | Stop-QianfanBatchTask @t -ThrottleLimit 16 -ErrorVariable failed -ErrorAction SilentlyContinue)

        $failed.Count | Should -Be 0
        $results.TaskId | Should -Be $ids
        $stats = Get-EmulatorStats $throttling
        $stats.faults.rateLimited | Should -BeGreaterThan 0 -Because 'the cap must really have been hit, in the older shape'
        Get-ActionCount $stats 'StopBatchInferenceTask' | Should -Be 200
        @((Get-EmulatorTasks $throttling).PSObject.Properties | Where-Object Value -NE 'Stopped').Count | Should -Be 0
    }
}
