# Get-QianfanBatchTask's filters (-Name, -CreatedAfter, -CreatedBefore, -Status with -TaskId) and
# paging (-First, -Skip, -IncludeTotalCount) against the emulator; streaming proved by request
# counts over 100,000 tasks; times that compare and show the same in other time zones.

BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $pagingShapes = Get-PagingShapes
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-TestModulePath) -Force
    if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
    $script:emulator = Start-TestEmulator
    $script:c = @{ Credential = New-TestCredential; Endpoint = $emulator.Url }

    # A whole second, so that a bound given as one of these times lands exactly on a task.
    $ticks = [datetime]::UtcNow.Ticks
    $script:now = [datetime]::new($ticks - $ticks % [timespan]::TicksPerSecond, 'Utc')
    function Get-UtcText([datetime] $Time) { $Time.ToString('yyyy-MM-ddTHH:mm:ssZ', [cultureinfo]::InvariantCulture) }

    # Six tasks, in id order; created 1 h, 3 h, 26 h, 50 h, 10 min and 5 days ago.
    $script:table = @(
        @{ taskId = 'infer-find01'; name = 'nightly-eval-a'; runStatus = 'Running'; createTime = Get-UtcText $now.AddHours(-1) }
        @{ taskId = 'infer-find02'; name = 'Nightly-Eval-B'; runStatus = 'Done'; createTime = Get-UtcText $now.AddHours(-3) }
        @{ taskId = 'infer-find03'; name = 'product-summaries'; runStatus = 'Running'; createTime = Get-UtcText $now.AddHours(-26) }
        @{ taskId = 'infer-find04'; name = 'adhoc-test'; runStatus = 'Failed'; createTime = Get-UtcText $now.AddHours(-50) }
        @{ taskId = 'infer-find05'; name = 'weekly-report'; runStatus = 'Stopped'; createTime = Get-UtcText $now.AddMinutes(-10) }
        @{ taskId = 'infer-find06'; name = 'nightly-summaries'; runStatus = 'Expired'; createTime = Get-UtcText $now.AddDays(-5) }
    )
    Set-EmulatorTasks $emulator -Tasks $table -Replace

    function Get-ListCount { Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTasks' }
    function Get-DescribeCount { Get-ActionCount (Get-EmulatorStats $emulator) 'DescribeBatchInferenceTask' }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Get-QianfanBatchTask -Name (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll { Set-EmulatorPaging $emulator $Paging }
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'keeps the tasks whose name matches a wildcard, in any case' {
        @(Get-QianfanBatchTask @c -Name 'NIGHTLY-eval-*').TaskId | Should -Be 'infer-find01', 'infer-find02'
        Get-ListCount | Should -Be 1
    }

    It 'keeps a task that matches any of several patterns, once' {
        @(Get-QianfanBatchTask @c -Name '*-summaries', 'adhoc-*', 'nightly-*').TaskId |
            Should -Be 'infer-find01', 'infer-find02', 'infer-find03', 'infer-find04', 'infer-find06'
    }

    It 'reads ? and [a-z] as PowerShell does' {
        @(Get-QianfanBatchTask @c -Name 'nightly-eval-?').TaskId | Should -Be 'infer-find01', 'infer-find02'
        @(Get-QianfanBatchTask @c -Name '[a-p]*').TaskId | Should -Be 'infer-find01', 'infer-find02', 'infer-find03', 'infer-find04', 'infer-find06'
    }

    It 'combines with -Status' {
        @(Get-QianfanBatchTask @c -Name 'nightly*' -Status Done, Expired).TaskId | Should -Be 'infer-find02', 'infer-find06'
    }

    It 'refuses a malformed pattern before any request' {
        { Get-QianfanBatchTask @c -Name '[nightly' } | Should -Throw -ErrorId 'InvalidFilter,*' -ExpectedMessage "*'``[nightly'*backtick*"
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }
}

Describe 'Get-QianfanBatchTask -CreatedAfter and -CreatedBefore (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll { Set-EmulatorPaging $emulator $Paging }
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'keeps tasks created within the last two hours' {
        @(Get-QianfanBatchTask @c -CreatedAfter (Get-Date).AddHours(-2)).TaskId | Should -Be 'infer-find01', 'infer-find05'
    }

    It 'includes the -CreatedAfter instant and excludes the -CreatedBefore one' {
        $threeHoursAgo = $now.AddHours(-3)
        @(Get-QianfanBatchTask @c -CreatedAfter $threeHoursAgo).TaskId | Should -Be 'infer-find01', 'infer-find02', 'infer-find05'
        @(Get-QianfanBatchTask @c -CreatedBefore $threeHoursAgo).TaskId | Should -Be 'infer-find03', 'infer-find04', 'infer-find06'
        @(Get-QianfanBatchTask @c -CreatedAfter $now.AddHours(-50) -CreatedBefore $now.AddHours(-3)).TaskId | Should -Be 'infer-find03', 'infer-find04'
    }

    It 'reads a bound as the same instant whatever its Kind' {
        $bound = $now.AddHours(-26)
        $expected = 'infer-find01', 'infer-find02', 'infer-find03', 'infer-find05'
        @(Get-QianfanBatchTask @c -CreatedAfter $bound).TaskId | Should -Be $expected
        @(Get-QianfanBatchTask @c -CreatedAfter $bound.ToLocalTime()).TaskId | Should -Be $expected
        @(Get-QianfanBatchTask @c -CreatedAfter ([datetime]::SpecifyKind($bound.ToLocalTime(), 'Unspecified'))).TaskId | Should -Be $expected
    }

    It 'refuses an empty range before any request' {
        { Get-QianfanBatchTask @c -CreatedAfter $now -CreatedBefore $now.AddHours(-1) } | Should -Throw -ErrorId 'InvalidFilter,*'
        (Get-EmulatorStats $emulator).total | Should -Be 0
    }
}

Describe 'Get-QianfanBatchTask filters with -TaskId' {
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'describes each id and keeps only the tasks in the -Status states' {
        $tasks = @(Get-QianfanBatchTask @c -TaskId infer-find01, infer-find02, infer-find03 -Status Running -Verbose 4>&1)

        @($tasks | Where-Object { $_ -is [Qianfan.BatchTask] }).TaskId | Should -Be 'infer-find01', 'infer-find03'
        @($tasks | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | Where-Object Message -Match "Leaving out task 'infer-find02': its status is Done").Count | Should -Be 1
        Get-DescribeCount | Should -Be 3
        Get-ListCount | Should -Be 0
    }

    It 'applies -Name and -CreatedAfter to piped ids too' {
        $ids = 'infer-find01', 'infer-find02', 'infer-find05'
        @($ids | Get-QianfanBatchTask @c -Name 'nightly-*').TaskId | Should -Be 'infer-find01', 'infer-find02'
        @($ids | Get-QianfanBatchTask @c -CreatedAfter (Get-Date).AddHours(-2)).TaskId | Should -Be 'infer-find01', 'infer-find05'
    }

    It 'still reports an id that no task has' {
        $tasks = @(Get-QianfanBatchTask @c -TaskId infer-none, infer-find01 -Status Running -ErrorVariable failed -ErrorAction SilentlyContinue)
        $tasks.TaskId | Should -Be 'infer-find01'
        $failed[0].TargetObject | Should -Be 'infer-none'
    }
}

Describe 'Get-QianfanBatchTask -First, -Skip and -IncludeTotalCount (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll { Set-EmulatorPaging $emulator $Paging }
    BeforeEach { Reset-EmulatorStats $emulator }

    It 'writes -First tasks after skipping -Skip of them' {
        @(Get-QianfanBatchTask @c -Skip 1 -First 2).TaskId | Should -Be 'infer-find02', 'infer-find03'
        @(Get-QianfanBatchTask @c -Skip 4).TaskId | Should -Be 'infer-find05', 'infer-find06'
        @(Get-QianfanBatchTask @c -First 0).Count | Should -Be 0
    }

    It 'counts only the tasks that pass the filters' {
        @(Get-QianfanBatchTask @c -Name 'nightly-*' -Skip 1 -First 1).TaskId | Should -Be 'infer-find02'
    }

    It 'stops asking for pages once -First tasks are out' {
        @(Get-QianfanBatchTask @c -PageSize 2 -First 3).TaskId | Should -Be 'infer-find01', 'infer-find02', 'infer-find03'
        Get-ListCount | Should -Be 2
    }

    It 'writes the total of matching tasks after them, reading on to the last page to count' {
        $output = @(Get-QianfanBatchTask @c -Name 'nightly-*' -First 1 -PageSize 2 -IncludeTotalCount)

        $output.Count | Should -Be 2
        $output[0].TaskId | Should -Be 'infer-find01'
        $output[1] | Should -BeOfType [uint64]
        $output[1] | Should -Be 3
        $output[1].Accuracy | Should -Be 1.0
        Get-ListCount | Should -Be 3
    }

    It 'stops describing ids once -First tasks are out, and counts them all with -IncludeTotalCount' {
        @(Get-QianfanBatchTask @c -TaskId infer-find01, infer-find02, infer-find03 -First 1).TaskId | Should -Be 'infer-find01'
        $output = @(Get-QianfanBatchTask @c -TaskId infer-find01, infer-find02, infer-find03 -Status Running -Skip 1 -IncludeTotalCount)
        $output[0].TaskId | Should -Be 'infer-find03'
        $output[1] | Should -Be 2
    }
}

Describe 'Get-QianfanBatchTask over 100,000 tasks (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll {
        $script:large = Start-TestEmulator -Arguments '--tasks', '100000', '--paging', $Paging
        $script:l = @{ Credential = New-TestCredential; Endpoint = $large.Url }
        function Get-LargeListCount { Get-ActionCount (Get-EmulatorStats $large) 'DescribeBatchInferenceTasks' }
    }
    AfterAll { Stop-TestEmulator $large }
    BeforeEach { Reset-EmulatorStats $large }

    It '-First 10 reads one page' {
        @(Get-QianfanBatchTask @l -First 10).TaskId | Should -Be (1..10 | ForEach-Object { 'infer-{0:D6}' -f $_ })
        Get-LargeListCount | Should -Be 1
    }

    It '-Name and -First read only the pages the matching tasks are on' {
        $tasks = @(Get-QianfanBatchTask @l -Name 'adhoc-*' -First 40)

        $tasks.Count | Should -Be 40
        $tasks.Name | ForEach-Object { $_ | Should -BeLike 'adhoc-test-*' }
        $tasks[-1].TaskId | Should -Be 'infer-000120'
        Get-LargeListCount | Should -Be 2
    }

    It '-Skip and -First read only up to the last task written' {
        @(Get-QianfanBatchTask @l -Skip 150 -First 10 -PageSize 50).TaskId | Should -Be (151..160 | ForEach-Object { 'infer-{0:D6}' -f $_ })
        Get-LargeListCount | Should -Be 4
    }

    It 'seeds names and creation times that the filters can use' {
        $first = @(Get-QianfanBatchTask @l -First 3)
        $first.Name | Should -Be 'nightly-eval-000001', 'product-summaries-000002', 'adhoc-test-000003'
        ($first[1].CreateTimeUtc - $first[0].CreateTimeUtc) | Should -Be ([timespan]::FromMinutes(1))
        $first[0].CreateTime | Should -BeLessThan (Get-Date).AddDays(-69)
    }
}

Describe 'Times in another time zone (<Paging> paging)' -ForEach $pagingShapes {
    BeforeAll {
        Set-EmulatorPaging $emulator $Paging
        Set-EmulatorTasks $emulator -Tasks @(
            @{ taskId = 'infer-tz-recent'; name = 'recent'; runStatus = 'Running'; createTime = Get-UtcText $now.AddHours(-1) }
            @{ taskId = 'infer-tz-older'; name = 'older'; runStatus = 'Running'; createTime = Get-UtcText $now.AddHours(-3) }
        ) -Replace

        # What an operator in that zone sees: run in a fresh pwsh whose TZ is set, so the local clock differs from UTC.
        $script:probe = @'
param($Module, $Url, $AccessKey, $SecretKey)
Import-Module $Module
$c = @{ Credential = [pscredential]::new($AccessKey, (ConvertTo-SecureString $SecretKey -AsPlainText -Force)); Endpoint = $Url }
if ($PSStyle) { $PSStyle.OutputRendering = 'PlainText' }
$since = (Get-Date).AddHours(-2)
$task = Get-QianfanBatchTask @c -TaskId infer-tz-recent
[pscustomobject]@{
    OffsetHours      = [TimeZoneInfo]::Local.GetUtcOffset([datetime]::UtcNow).TotalHours
    WhereObject      = @(Get-QianfanBatchTask @c | Where-Object CreateTime -gt $since).TaskId
    AfterLocal       = @(Get-QianfanBatchTask @c -CreatedAfter $since).TaskId
    AfterUnspecified = @(Get-QianfanBatchTask @c -CreatedAfter ([datetime]::SpecifyKind($since, 'Unspecified'))).TaskId
    AfterText        = @(Get-QianfanBatchTask @c -CreatedAfter $since.ToString('yyyy-MM-dd HH:mm:ss')).TaskId
    Shown            = $task.CreateTime.ToString()
    Table            = $task | Format-Table | Out-String -Width 200
    List             = $task | Format-List | Out-String -Width 200
    Csv              = ($task | ConvertTo-Csv | ConvertFrom-Csv).CreateTime
    UtcCsv           = ($task | ConvertTo-Csv | ConvertFrom-Csv).CreateTimeUtc
    Utc              = $task.CreateTimeUtc.ToString()
} | ConvertTo-Json -Compress
'@
        $script:probeFile = Join-Path ([IO.Path]::GetTempPath()) "qianfan-tz-probe-$PID.ps1"
        Set-Content -Path $probeFile -Value $probe

        function Invoke-InZone([string] $Zone) {
            $powershell = Get-TestPowerShell
            $keys = Get-TestKeys
            $arguments = $powershell.Prefix + @('-NoProfile', '-NonInteractive', '-File', $probeFile, (Get-TestModulePath), $emulator.Url, $keys.AccessKey, $keys.SecretKey)
            $start = New-TestProcessStartInfo $powershell.Path $arguments
            $start.Environment['TZ'] = $Zone
            $start.RedirectStandardOutput = $true
            $start.RedirectStandardError = $true
            $process = [System.Diagnostics.Process]::Start($start)
            $output = $process.StandardOutput.ReadToEndAsync()
            $errors = $process.StandardError.ReadToEnd()
            $process.WaitForExit()
            $process.ExitCode | Should -Be 0 -Because $errors
            $output.Result | ConvertFrom-Json
        }
    }
    AfterAll { Remove-Item $probeFile -ErrorAction Ignore }

    It 'compares and shows CreateTime as local time at UTC<_>' -ForEach @('+8 (Asia/Shanghai)', '-5 or -4 (America/New_York)') -Skip:([System.Environment]::OSVersion.Platform -eq 'Win32NT') {
        $zone = ($_ -split '[()]')[1]
        $seen = Invoke-InZone $zone

        $seen.OffsetHours | Should -Not -Be 0 -Because 'the probe must run in a zone other than UTC'
        $seen.WhereObject | Should -Be 'infer-tz-recent'
        $seen.AfterLocal | Should -Be 'infer-tz-recent'
        $seen.AfterUnspecified | Should -Be 'infer-tz-recent'
        $seen.AfterText | Should -Be 'infer-tz-recent'
        $seen.Table | Should -Match ([regex]::Escape($seen.Shown))
        $seen.List | Should -Match "CreateTime\s+: $([regex]::Escape($seen.Shown))"
        $seen.Csv | Should -Be $seen.Shown
        $seen.UtcCsv | Should -Be $seen.Utc
        $seen.Shown | Should -Not -Be $seen.Utc
    }
}
